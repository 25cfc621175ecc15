//! unicobros client against the simulator (being built).
