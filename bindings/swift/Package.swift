// swift-tools-version:5.9
// recaudo for iOS and macOS: the generated Swift sources (bindings/swift/Sources/Recaudo, from
// `cargo xtask bindings`) over RecaudoFFI.xcframework (the static libraries with the generated
// headers and modulemap; build it with the commands in ffi/README.md).
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
