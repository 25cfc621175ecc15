//! The Zoom client over the native transport against the simulator: every service, tokens and
//! their replay, safe payment under every fault, `CODE_002`/`CODE_003` surfaced typed, and
//! input refused before anything is sent.

mod auth;
mod endpoints;
mod faults;
mod input;
mod support;
