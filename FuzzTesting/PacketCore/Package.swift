// swift-tools-version: 6.2
//
// libFuzzer targets for PacketCore: the frame decoder and both capture file
// readers. Build and run them with ../run.sh (see ../README.md):
//
//   swift build -c release --package-path FuzzTesting/PacketCore -Xswiftc -sanitize=fuzzer,address
//   FuzzTesting/PacketCore/.build/release/FuzzPacketDecoder -max_total_time=60 FuzzTesting/PacketCore/Corpus/FuzzPacketDecoder
import PackageDescription

/// SwiftPM renames an executable's `main`; each target's `@_cdecl("<Target>_main")`
/// hands control to libFuzzer, and `-parse-as-library` keeps top-level code out.
let fuzzSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"]), .enableExperimentalFeature("Lifetimes")]

let package = Package(
    name: "PacketCoreFuzzing",
    dependencies: [.package(name: "VirtualTap", path: "../..")],
    targets: [
        .target(
            name: "PacketCoreFuzzSupport",
            dependencies: [.product(name: "PacketCore", package: "VirtualTap")],
            swiftSettings: [.enableExperimentalFeature("Lifetimes")]
        ),
        .executableTarget(
            name: "FuzzPacketDecoder",
            dependencies: ["PacketCoreFuzzSupport", .product(name: "PacketCore", package: "VirtualTap")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzPcapReader",
            dependencies: ["PacketCoreFuzzSupport", .product(name: "PacketCore", package: "VirtualTap")],
            swiftSettings: fuzzSettings
        ),
        .executableTarget(
            name: "FuzzPcapngReader",
            dependencies: ["PacketCoreFuzzSupport", .product(name: "PacketCore", package: "VirtualTap")],
            swiftSettings: fuzzSettings
        ),
    ]
)
