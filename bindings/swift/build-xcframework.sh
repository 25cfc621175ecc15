#!/bin/sh
# Builds RecaudoFFI.xcframework (the static library per Apple platform, with the generated FFI
# headers and modulemap from bindings/swift/Headers) for bindings/swift/Package.swift.
#
# NOT RUN on the project's machines: they have no Xcode or Swift toolchain. Written for, and to be
# checked on, a Mac with Xcode and:
#   rustup (the nightly pinned in ffi/mobile-toolchain and its rust-src are installed by this
#   script: std is rebuilt for size for each Apple target, so no `rustup target add` is needed)
#
#   bindings/swift/build-xcframework.sh                     # -> bindings/swift/RecaudoFFI.xcframework
#   bindings/swift/build-xcframework.sh --native-transport  # for `swift test`: the XCTest suite
#                                                            # connects without an app transport
#
# Same conventions as the Android build (bindings/android/build-aar.sh): the mobile build, with
# no native HTTP transport (the app passes its URLSession-backed HttpTransport to `connect`) and
# profile `mobile` (size first, panics still unwind), std rebuilt for size (`-Z build-std`,
# without std's backtrace printer) on the pinned nightly. The module names (`Recaudo`,
# `RecaudoFFI`, `RecaudoCoreFFI`) are the ones in ffi/uniffi.toml and core/uniffi.toml.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
features=--no-default-features
if [ "${1:-}" = "--native-transport" ]; then
    features=
fi
toolchain=$(cat ffi/mobile-toolchain)
rustup toolchain install "$toolchain" --profile minimal --component rust-src
build() {
    # shellcheck disable=SC2086 # $features is empty or one flag
    cargo "+$toolchain" rustc -Z build-std=std,panic_unwind \
        -Z build-std-features=panic-unwind,optimize_for_size \
        -p recaudo-ffi --lib --crate-type staticlib $features --profile mobile --target "$1"
}
for t in aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin; do
    build "$t"
done
mkdir -p target/apple/ios-sim target/apple/macos
lipo -create target/aarch64-apple-ios-sim/mobile/librecaudo_ffi.a \
    target/x86_64-apple-ios/mobile/librecaudo_ffi.a -output target/apple/ios-sim/librecaudo_ffi.a
lipo -create target/aarch64-apple-darwin/mobile/librecaudo_ffi.a \
    target/x86_64-apple-darwin/mobile/librecaudo_ffi.a -output target/apple/macos/librecaudo_ffi.a
rm -rf bindings/swift/RecaudoFFI.xcframework
xcodebuild -create-xcframework \
    -library target/aarch64-apple-ios/mobile/librecaudo_ffi.a -headers bindings/swift/Headers \
    -library target/apple/ios-sim/librecaudo_ffi.a -headers bindings/swift/Headers \
    -library target/apple/macos/librecaudo_ffi.a -headers bindings/swift/Headers \
    -output bindings/swift/RecaudoFFI.xcframework
echo "built bindings/swift/RecaudoFFI.xcframework; then: cd bindings/swift && swift build"
