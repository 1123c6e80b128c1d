// swift-tools-version: 6.2
// libFuzzer targets for every tunnel decoder of the GRE library.
// Build: swift build -c release --package-path FuzzTesting/GRE -Xswiftc -sanitize=fuzzer,address
// Run:   FuzzTesting/GRE/.build/release/FuzzTunnelDecoder -max_total_time=10 FuzzTesting/GRE/Corpus/FuzzTunnelDecoder
import PackageDescription

let names = ["FuzzTunnelDecoder", "FuzzGREHeader", "FuzzERSPAN", "FuzzVXLAN", "FuzzFragmentReassembler"]

let package = Package(
    name: "GREFuzz",
    dependencies: [.package(name: "VirtualTap", path: "../..")],
    targets: names.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                .product(name: "GRE", package: "VirtualTap"),
                .product(name: "PacketCore", package: "VirtualTap"),
                .product(name: "TapVocabulary", package: "VirtualTap"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
