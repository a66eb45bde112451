// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "notif",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "NotifCore", targets: ["NotifCore"]),
        .library(name: "NotifAudit", targets: ["NotifAudit"]),
        .library(name: "NotifAccounts", targets: ["NotifAccounts"]),
        .library(name: "NotifServer", targets: ["NotifServer"]),
        .library(name: "NotifTesting", targets: ["NotifTesting"]),
        .executable(name: "notifd", targets: ["notifd"]),
        .executable(name: "notif", targets: ["notif"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // YAML: schema files for `notif schemas push` and the codegen config `.notif.yaml`.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Counters and gauges of the audit writer (and later /metrics).
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // System library shims: the only places C headers enter Swift.
        .systemLibrary(name: "CNATS", pkgConfig: "libnats", providers: [.apt(["libnats-dev"])]),
        .systemLibrary(name: "CJQ", providers: [.apt(["libjq-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),

        // The engine: broker, store, model, local stack. No HTTP server.
        .target(
            name: "NotifCore",
            dependencies: [
                "CNATS", "CSodium", "CJQ",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            plugins: ["EmbedMigrations"]
        ),
        // Build tool: compiles migrations/*.sql into NotifCore as Swift string literals.
        .executableTarget(name: "embed-migrations", path: "Sources/embed-migrations"),
        .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["embed-migrations"]),
        // The audit trail: a writer that never blocks nor drops (Postgres, JetStream spill), hash chains.
        .target(
            name: "NotifAudit",
            dependencies: [
                "NotifCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // NATS accounts: NKeys, JWTs signed by the notif operator, tiers, org accounts.
        .target(
            name: "NotifAccounts",
            dependencies: [
                "NotifCore", "CSodium",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Embeddable HTTP API over NotifCore.
        .target(
            name: "NotifServer",
            dependencies: [
                "NotifCore", "NotifAudit", "NotifAccounts",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Test support shared by every test target: real nats-server + Postgres, in-process server.
        .target(
            name: "NotifTesting",
            dependencies: [
                "NotifCore", "NotifServer", "NotifAccounts",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "notifd",
            dependencies: [
                "NotifCore", "NotifServer", "NotifAccounts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "notif",
            dependencies: [
                "NotifCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Examples/: small programs over the SDK (`swift run notif-example`).
        .executableTarget(name: "notif-example", dependencies: ["NotifCore"], path: "Examples/OrderPipeline"),
        .testTarget(
            name: "NotifCoreTests",
            dependencies: [
                "NotifCore", "NotifTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            // JSON-Schema-Test-Suite data, read from disk by the conformance test.
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "NotifServerTests",
            dependencies: [
                "NotifCore", "NotifServer", "NotifAccounts", "NotifTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "NotifAuditTests",
            dependencies: [
                "NotifCore", "NotifAudit", "NotifTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "NotifAccountsTests",
            dependencies: ["NotifCore", "NotifAccounts", "NotifTesting"]
        ),
        // Runs the built `notif` binary against the in-process server.
        .testTarget(
            name: "NotifCLITests",
            dependencies: ["NotifCore", "NotifAccounts", "NotifTesting", "notif", "notifd"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
