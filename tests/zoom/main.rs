//! zoom client against the simulator (being built).
