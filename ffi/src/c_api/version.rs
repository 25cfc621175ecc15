//! The library's version for C: macros in the header (cbindgen turns these constants into
//! `#define`s, which is why they are literals; the string `RECAUDO_VERSION`, which cbindgen does
//! not export from a constant, is `after_includes` in `ffi/cbindgen.toml`) and
//! [`recaudo_c_version`] at run time, so that a program can compare the header it was compiled
//! with to the library it loaded. A test keeps all four equal to Cargo's version.

use std::ffi::c_char;

/// The major version of the header (`RECAUDO_VERSION_MAJOR`).
pub const RECAUDO_VERSION_MAJOR: u32 = 0;
/// The minor version of the header.
pub const RECAUDO_VERSION_MINOR: u32 = 1;
/// The patch version of the header.
pub const RECAUDO_VERSION_PATCH: u32 = 0;

/// The library's version (static).
#[unsafe(no_mangle)]
pub extern "C" fn recaudo_c_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_macros_are_cargos_version() {
        let part = |s: &str| s.parse::<u32>().unwrap();
        assert_eq!(
            RECAUDO_VERSION_MAJOR,
            part(env!("CARGO_PKG_VERSION_MAJOR")),
            "bump ffi/src/c_api/version.rs with the workspace version"
        );
        assert_eq!(RECAUDO_VERSION_MINOR, part(env!("CARGO_PKG_VERSION_MINOR")));
        assert_eq!(RECAUDO_VERSION_PATCH, part(env!("CARGO_PKG_VERSION_PATCH")));
        let define = format!("#define RECAUDO_VERSION \"{}\"", env!("CARGO_PKG_VERSION"));
        assert!(
            include_str!("../../cbindgen.toml").contains(&define),
            "ffi/cbindgen.toml must say {define}"
        );
    }
}
