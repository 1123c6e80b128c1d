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
        // What every suite shares: the zero-allocation configuration and the sample frames.
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "PacketCore", package: "VirtualTap"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/BenchmarkSupport"
        ),
        suite("PacketCoreBenchmarks", libraries: ["PacketCore"]),
        suite("NetFlowBenchmarks", libraries: ["NetFlow"]),
        suite("PolicyBenchmarks", libraries: ["Policy", "PacketCore"]),
        suite("TunnelBenchmarks", libraries: ["GRE", "PacketCore", "NetworkTypes", "TapVocabulary"]),
    ]
)

/// One benchmark executable over some of VirtualTap's libraries.
func suite(_ name: String, libraries: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["BenchmarkSupport", .product(name: "Benchmark", package: "benchmark")]
            + libraries.map { .product(name: $0, package: "VirtualTap") },
        path: "Benchmarks/\(name)",
        swiftSettings: [.enableExperimentalFeature("Lifetimes")],
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}
