//! The Cooplan client over the native transport against the simulator: every endpoint, tokens
//! and their refusal, safe payment and reversal under every fault, the insecure live URI, and
//! input refused before anything is sent.

mod auth;
mod endpoints;
mod faults;
mod input;
mod support;
