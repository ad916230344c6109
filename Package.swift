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
        // Live mode's HTTP server (HummingbirdCore's); no traits: no swift-configuration, no
        // full Foundation.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.14.0"),
        // Hummingbird's own I/O, whose HTTP/1.1 handlers carry each connection's requests to
        // ours.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
    ],
    targets: [
        .target(
            name: "AuthEngine",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // Live mode: real HTTP in front of the engine. The server hands each request to the
        // one thread that owns the world; AuthEngine never sees a socket or a thread.
        .target(
            name: "AuthLive",
            dependencies: [
                "AuthEngine",
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
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
                "AuthLive",
                "CNCurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "AuthEngineTests", dependencies: ["AuthEngine"]),
        .testTarget(name: "AuthTUITests", dependencies: ["AuthTUI", "AuthEngine", "AuthLive"],
                    exclude: ["Golden"]), // screens the golden tests read from their source folder
        .testTarget(name: "AuthLiveTests", dependencies: ["AuthLive", "AuthEngine", .product(name: "NIOCore", package: "swift-nio"),
                                                        .product(name: "NIOEmbedded", package: "swift-nio"),
                                                        .product(name: "NIOHTTP1", package: "swift-nio")]),
    ],
    swiftLanguageModes: [.v6]
)
