// swift-tools-version:5.9
// recaudo for iOS and macOS: the generated Swift sources (bindings/swift/Sources/Recaudo, from
// `cargo xtask bindings`) over RecaudoFFI.xcframework (the mobile static libraries, without the
// native HTTP transport, with the generated headers and modulemap), built by
// build-xcframework.sh. Untested here: the project's machines have no Swift toolchain.
// An app adds it as a local package: .package(path: "…/recaudo/bindings/swift"), product
// "Recaudo"; module names follow ffi/uniffi.toml and core/uniffi.toml.
import PackageDescription

let package = Package(
    name: "Recaudo",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "Recaudo", targets: ["Recaudo"]),
    ],
    targets: [
        .binaryTarget(name: "RecaudoFFI", path: "RecaudoFFI.xcframework"),
        .target(name: "Recaudo", dependencies: ["RecaudoFFI"], path: "Sources/Recaudo"),
        .testTarget(name: "RecaudoTests", dependencies: ["Recaudo"], path: "Tests/RecaudoTests"),
    ]
)
