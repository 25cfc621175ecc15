//! Integration tests of the simulator over real HTTP (one binary, several modules, to keep
//! link time down).

mod common;
mod control;
mod faults;
mod readings;
mod readings_billers;
mod registry;
mod unicomer;
