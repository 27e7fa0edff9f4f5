// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Yanglao",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "yanglao", targets: ["yanglao"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // Pure domain rules: no database, no HTTP, no IO.
        .target(name: "YanglaoCore", swiftSettings: strict),
        // Reading and writing .xlsx workbooks: our own small module on ZIPFoundation and an XML parser.
        .target(
            name: "YanglaoXLSX",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        // Writing PDF files: our own small module (TrueType/TTC reading and subsetting, so
        // Chinese text is embedded and printable anywhere; pages, text, lines, flowing layout).
        .target(name: "YanglaoPDF", swiftSettings: strict),
        // Fluent models, migrations, region-scoped queries.
        .target(
            name: "YanglaoStore",
            dependencies: [
                "YanglaoCore", "YanglaoXLSX",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Vapor application: API, web console, middleware, OpenAPI.
        .target(
            name: "YanglaoWeb",
            dependencies: [
                "YanglaoCore", "YanglaoStore", "YanglaoPDF",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "yanglao",
            dependencies: [
                "YanglaoCore", "YanglaoStore", "YanglaoWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Benchmark of dispatch ranking (Benchmarks/dispatch/run.sh): not part of the product.
        .executableTarget(
            name: "DispatchBench",
            dependencies: ["YanglaoCore"],
            path: "Benchmarks/dispatch/Sources/DispatchBench",
            swiftSettings: strict
        ),
        // What the database and HTTP tests share: a fresh app on SQLite or PostgreSQL with a tiny demo city.
        .target(
            name: "YanglaoTestSupport",
            dependencies: [
                "YanglaoWeb", "YanglaoStore", "YanglaoCore",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            path: "Tests/YanglaoTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "YanglaoCoreTests", dependencies: ["YanglaoCore"], swiftSettings: strict),
        .testTarget(name: "YanglaoXLSXTests", dependencies: ["YanglaoXLSX"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "YanglaoPDFTests", dependencies: ["YanglaoPDF"], swiftSettings: strict),
        .testTarget(
            name: "YanglaoStoreTests",
            dependencies: ["YanglaoStore", "YanglaoCore", "YanglaoTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "YanglaoWebTests",
            dependencies: [
                "YanglaoWeb", "YanglaoStore", "YanglaoCore", "YanglaoXLSX", "YanglaoTestSupport",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: strict
        ),
    ]
)
