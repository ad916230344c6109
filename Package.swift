// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "AuthTUI",
    products: [
        .executable(name: "authtui", targets: ["AuthTUI"]),
        .library(name: "AuthEngine", targets: ["AuthEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "4.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
    ],
    targets: [
        .target(
            name: "AuthEngine",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .systemLibrary(
            name: "CNCurses",
            path: "Sources/CNCurses",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .executableTarget(
            name: "AuthTUI",
            dependencies: [
                "AuthEngine",
                "CNCurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "AuthEngineTests", dependencies: ["AuthEngine"]),
        .testTarget(name: "AuthTUITests", dependencies: ["AuthTUI", "AuthEngine"]),
    ],
    swiftLanguageModes: [.v6]
)
