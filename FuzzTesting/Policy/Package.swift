// swift-tools-version: 6.2
// libFuzzer targets for the Policy library. Build and run:
//   swift build -c release --package-path FuzzTesting/Policy -Xswiftc -sanitize=fuzzer,address
//   FuzzTesting/Policy/.build/release/FuzzPolicyParser -max_total_time=10 FuzzTesting/Policy/Corpus/FuzzPolicyParser
//   FuzzTesting/Policy/.build/release/FuzzYAMLDocument -max_total_time=10 FuzzTesting/Policy/Corpus/FuzzYAMLDocument
import PackageDescription

let package = Package(
    name: "PolicyFuzzing",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "VirtualTap", path: "../..")],
    targets: [
        .executableTarget(
            name: "FuzzPolicyParser",
            dependencies: [
                .product(name: "Policy", package: "VirtualTap"), .product(name: "PacketCore", package: "VirtualTap"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "FuzzYAMLDocument",
            dependencies: [.product(name: "FlatYAML", package: "VirtualTap")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
