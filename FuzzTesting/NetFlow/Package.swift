// swift-tools-version: 6.2
// libFuzzer targets for the NetFlow collector's decoders (v5, v9, IPFIX).
// Build: swift build -c release --package-path FuzzTesting/NetFlow -Xswiftc -sanitize=fuzzer,address
// Run:   FuzzTesting/NetFlow/.build/release/FuzzNetFlowV9 -max_total_time=10 FuzzTesting/NetFlow/Corpus/FuzzNetFlowV9
import PackageDescription

let package = Package(
    name: "NetFlowFuzzing",
    dependencies: [.package(name: "VirtualTap", path: "../..")],
    targets: [
        .target(
            name: "NetFlowFuzzSupport",
            dependencies: [.product(name: "NetFlow", package: "VirtualTap")]
        )
    ]
        + ["FuzzNetFlowV5", "FuzzNetFlowV9", "FuzzIPFIX"].map { name in
            .executableTarget(
                name: name,
                dependencies: ["NetFlowFuzzSupport"],
                path: "Sources/\(name)",
                swiftSettings: [.unsafeFlags(["-parse-as-library"])]
            )
        }
)
