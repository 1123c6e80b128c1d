// swift-tools-version: 6.1
//
// VirtualTap's allocation and speed benchmarks (ordo-one/benchmark), kept out of
// the main package so that `swift build` / `swift test` never build them.
//
//   cd Benchmarks && swift package benchmark                     # run (allocations only)
//   BENCHMARK_TIMINGS=1 swift package benchmark                  # also wall clock and throughput
//   swift package benchmark thresholds check                     # the gate: mallocCountTotal
//   swift package --allow-writing-to-package-directory benchmark thresholds update
//
// See Docs/Benchmarks.md.
import PackageDescription

let package = Package(
    name: "VirtualTapBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // name: fixes the identity whatever folder the repository is cloned into.
        .package(name: "VirtualTap", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "PacketCoreBenchmarks",
            dependencies: [
                .product(name: "PacketCore", package: "VirtualTap"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/PacketCoreBenchmarks",
            swiftSettings: [.enableExperimentalFeature("Lifetimes")],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "NetFlowBenchmarks",
            dependencies: [
                .product(name: "NetFlow", package: "VirtualTap"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/NetFlowBenchmarks",
            swiftSettings: [.enableExperimentalFeature("Lifetimes")],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
