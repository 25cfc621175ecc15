//! The Unicobros client over the native transport against the simulator: every endpoint,
//! pagination and filters in both forms, credentials, every fault on every endpoint, the
//! resolution of a reference whose checkout result was lost, and input refused before
//! anything is sent.

mod common;

mod control;
mod endpoints;
mod faults;
mod input;
mod pagination;
mod resolve;
