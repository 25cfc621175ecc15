//! The unified collection flow against the simulator: every step through `Collector`, the
//! journal's idempotence, resume after a crash at every step of a payment, and reconciliation
//! of every mismatch kind.

mod cooplan;
mod unicobros;
mod unicomer;
mod zoom;
