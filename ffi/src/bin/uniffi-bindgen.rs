//! The uniffi bindgen, built from the same pinned uniffi as the library (`cargo xtask bindings`
//! runs it in library mode over the debug cdylib).

fn main() {
    uniffi::uniffi_bindgen_main()
}
