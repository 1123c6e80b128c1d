// swift-tools-version: 6.2
// libFuzzer targets for the NetFlow collector's decoders (v5, v9, IPFIX).
// Build: swift build -c release --package-path FuzzTesting/NetFlow -Xswiftc -sanitize=fuzzer,address
// Run:   FuzzTesting/NetFlow/.build/release/FuzzNetFlowV9 -max_total_time=10 FuzzTesting/NetFlow/Corpus/FuzzNetFlowV9
import PackageDescription

let fuzzSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]
let package = Package(
    name: "NetFlowFuzzing",
    dependencies: [.package(name: "VirtualTap", path: "../..")],
    targets: ["FuzzNetFlowV5", "FuzzNetFlowV9", "FuzzIPFIX"].map { name in
        .executableTarget(
            name: name,
            dependencies: [.product(name: "NetFlow", package: "VirtualTap")],
            path: "Sources/\(name)",
            swiftSettings: fuzzSettings
        )
    }
)
