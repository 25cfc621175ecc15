//! cooplan client against the simulator (being built).
