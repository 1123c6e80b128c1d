// swift-tools-version: 6.2
//
// VirtualTap: an open virtual tap for Linux hypervisors.
//
// Layering: a target depends only on targets of the sections above its own.
//   Foundation        NetworkTypes, PacketCore (decoding, capture files), PacketCapture (libpcap),
//                     FlatYAML (libyaml: the one YAML reader, for policies and inventory files)
//   Sockets           the one socket layer: Errno, owned descriptors, sendmmsg/recvmmsg
//   Vocabulary        TapVocabulary: the one VM identity and the one tunnel destination
//   Libraries         Policy | GRE | NetFlow | Inventory: they never import each other
//   Transports        TunnelTransport, FlowTransport (on Sockets), NetFlowNIO (the collector)
//   Composition       TapPipeline, TapAgent, ConsoleFlows, ConsoleStore, ConsoleServer, ConsoleAgent
//   Command line      TapCtlCore (every `tapctl` command, testable) and the thin `tapctl`
import PackageDescription

/// Code on the packet path: `~Escapable` views over `RawSpan` need the `Lifetimes` feature, and
/// every unsafe construct must be spelled `unsafe`.
let packetPath: [SwiftSetting] = [
    .enableExperimentalFeature("Lifetimes"),
    .strictMemorySafety(),
]
/// Composition, transports off the packet path, tools and tests: they take and return the packet
/// path's spans, so they need `Lifetimes`, but they are not held to strict memory safety.
let composition: [SwiftSetting] = [.enableExperimentalFeature("Lifetimes")]

let swiftNIO = "swift-nio"
let swiftLog = "swift-log"

let package = Package(
    name: "VirtualTap",
    products: [
        // MARK: Libraries
        .library(name: "NetworkTypes", targets: ["NetworkTypes"]),
        .library(name: "PacketCore", targets: ["PacketCore"]),
        .library(name: "PacketCapture", targets: ["PacketCapture"]),
        .library(name: "Sockets", targets: ["Sockets"]),
        .library(name: "TapVocabulary", targets: ["TapVocabulary"]),
        .library(name: "FlatYAML", targets: ["FlatYAML"]),
        .library(name: "Policy", targets: ["Policy"]),
        .library(name: "GRE", targets: ["GRE"]),
        .library(name: "NetFlow", targets: ["NetFlow"]),
        .library(name: "Inventory", targets: ["Inventory"]),
        .library(name: "InventoryLibvirt", targets: ["InventoryLibvirt"]),
        .library(name: "InventoryVSphere", targets: ["InventoryVSphere"]),
        .library(name: "TunnelTransport", targets: ["TunnelTransport"]),
        .library(name: "FlowTransport", targets: ["FlowTransport"]),
        .library(name: "NetFlowNIO", targets: ["NetFlowNIO"]),
        .library(name: "TapPipeline", targets: ["TapPipeline"]),
        .library(name: "TapAgent", targets: ["TapAgent"]),
        .library(name: "ConsoleFlows", targets: ["ConsoleFlows"]),
        .library(name: "ConsoleStore", targets: ["ConsoleStore"]),
        .library(name: "ConsoleServer", targets: ["ConsoleServer"]),
        .library(name: "ConsoleAgent", targets: ["ConsoleAgent"]),
        // MARK: The command
        .executable(name: "tapctl", targets: ["tapctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Inventory: SWXMLHash for libvirt's domain XML and vSphere's SOAP.
        .package(url: "https://github.com/drmohundro/SWXMLHash", from: "8.1.1"),
        // Console: one SQL code path (SQLKit) over SQLite and PostgreSQL; Hummingbird 2 with bcrypt,
        // swift-crypto for secrets, TLS for the listener, and the service lifecycle it runs in.
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `swift package generate-documentation`: one DocC catalog per library
        // (`Sources/<Library>/<Library>.docc`), whose examples are the programs in `Snippets/`.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: - Foundation
        .target(name: "NetworkTypes", swiftSettings: packetPath),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        // A cache prefetch hint for the capture reader (Swift has none of its own).
        .target(name: "CPrefetch"),
        .target(name: "PacketCore", dependencies: ["NetworkTypes", "CZlib", "CPrefetch"], swiftSettings: packetPath),
        .target(name: "PacketCapture", dependencies: ["PacketCore", "CPcap"], swiftSettings: packetPath),
        // FlatYAML: libyaml's event API read into a compact document. The one YAML reader: policies
        // and inventory files alike, with the system's libyaml (the only copy linked).
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(name: "FlatYAML", dependencies: ["CYAML"], swiftSettings: packetPath),

        // MARK: - Sockets
        // CSockets: the mmsghdr shims (one system call each, errno left to Swift).
        .target(name: "CSockets"),
        .target(name: "Sockets", dependencies: ["NetworkTypes", "CSockets"], swiftSettings: packetPath),

        // MARK: - Vocabulary
        // The one VM identity (`VirtualMachine`, `VirtualNIC`) and the one tunnel destination
        // (`TunnelDestination`, `TunnelEncapsulation`) that Policy, GRE, NetFlow and Inventory share.
        .target(name: "TapVocabulary", dependencies: ["NetworkTypes"], swiftSettings: packetPath),

        // MARK: - Policy
        .target(
            name: "Policy",
            dependencies: ["NetworkTypes", "PacketCore", "FlatYAML", "TapVocabulary"],
            swiftSettings: packetPath
        ),

        // MARK: - GRE, ERSPAN, VXLAN, Geneve
        // Wire formats only: no sockets, no files (fuzzable).
        .target(name: "GRE", dependencies: ["NetworkTypes", "PacketCore", "TapVocabulary"], swiftSettings: packetPath),

        // MARK: - NetFlow
        .target(name: "NetFlow", dependencies: ["NetworkTypes", "PacketCore", "TapVocabulary"], swiftSettings: packetPath),

        // MARK: - Inventory
        // The model, lookups, change feed, merging and the file source need only NetworkTypes and
        // FlatYAML; libvirt (C API, loaded with dlopen at first use) and vSphere (SOAP over URLSession)
        // live in their own targets, so `Inventory` builds on a machine without libvirt.
        .target(
            name: "Inventory",
            dependencies: ["NetworkTypes", "TapVocabulary", "FlatYAML"],
            swiftSettings: composition
        ),
        .target(name: "CLibvirt"),
        .target(
            name: "InventoryLibvirt",
            dependencies: [
                "Inventory", "NetworkTypes", "TapVocabulary", "CLibvirt",
                .product(name: "SWXMLHash", package: "SWXMLHash"),
            ],
            swiftSettings: composition
        ),
        .target(
            name: "InventoryVSphere",
            dependencies: ["Inventory", "NetworkTypes", "TapVocabulary", .product(name: "SWXMLHash", package: "SWXMLHash")],
            swiftSettings: composition
        ),

        // MARK: - Transports
        // The tunnel sender and receiver, the decap session; the flow exporter's UDP sender (both on
        // Sockets, no NIO on the capture thread); the collector on a SwiftNIO datagram channel.
        .target(
            name: "TunnelTransport",
            dependencies: ["GRE", "NetworkTypes", "PacketCore", "TapVocabulary", "Sockets"],
            swiftSettings: packetPath
        ),
        .target(name: "FlowTransport", dependencies: ["NetFlow", "NetworkTypes", "Sockets"], swiftSettings: packetPath),
        .target(
            name: "NetFlowNIO",
            dependencies: [
                "NetFlow", "NetworkTypes",
                .product(name: "NIOCore", package: swiftNIO),
                .product(name: "NIOPosix", package: swiftNIO),
            ],
            swiftSettings: composition
        ),

        // MARK: - Composition: the tap pipeline and the live agent
        .target(
            name: "TapPipeline",
            dependencies: ["GRE", "TunnelTransport", "Policy", "NetworkTypes", "PacketCore", "TapVocabulary"],
            swiftSettings: packetPath
        ),
        // Capture on the VMs' interfaces -> ownership (each frame once) -> flows and TapPipeline.
        .target(
            name: "TapAgent",
            dependencies: [
                "NetworkTypes", "PacketCore", "PacketCapture", "Policy", "GRE", "TunnelTransport", "TapPipeline",
                "NetFlow", "FlowTransport", "Inventory", "TapVocabulary", "Sockets",
                .product(name: "Logging", package: swiftLog),
            ],
            swiftSettings: composition
        ),

        // MARK: - Composition: the console
        // ConsoleFlows: flow rollups (endpoints named with the inventory at the flow's time, 1 min /
        // 5 min / 1 h rows, retention). ConsoleStore: one SQLKit code path over SQLite (default, a
        // file) and PostgreSQL, with versioned migrations (it keeps ConsoleAgent's heartbeats as
        // samples). ConsoleServer: the Hummingbird API. ConsoleAgent: the agent's client (enroll,
        // pull, heartbeat) and the wire types it shares with the console.
        .target(name: "ConsoleFlows", dependencies: ["NetFlow", "NetworkTypes"], swiftSettings: composition),
        .target(
            name: "ConsoleStore",
            dependencies: [
                "ConsoleFlows", "ConsoleAgent",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: swiftLog),
                .product(name: "NIOCore", package: swiftNIO),
                .product(name: "NIOPosix", package: swiftNIO),
            ],
            swiftSettings: composition
        ),
        .target(
            name: "ConsoleServer",
            dependencies: [
                "ConsoleStore", "ConsoleAgent", "ConsoleFlows", "Policy", "Inventory", "NetFlow", "NetFlowNIO",
                "NetworkTypes", "TapVocabulary",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: swiftLog),
                .product(name: "NIOCore", package: swiftNIO),
                .product(name: "NIOPosix", package: swiftNIO),
            ],
            swiftSettings: composition
        ),
        .target(
            name: "ConsoleAgent",
            dependencies: [.product(name: "Logging", package: swiftLog)],
            swiftSettings: composition
        ),

        // MARK: - Command line
        .target(
            name: "TapCtlCore",
            dependencies: [
                "NetworkTypes", "PacketCore", "PacketCapture", "TapVocabulary", "Policy", "GRE", "TunnelTransport",
                "TapPipeline", "NetFlow", "NetFlowNIO", "FlowTransport", "Inventory", "InventoryLibvirt",
                "InventoryVSphere", "TapAgent", "ConsoleFlows", "ConsoleStore", "ConsoleServer", "ConsoleAgent",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: swiftLog),
            ],
            swiftSettings: composition
        ),
        // The executable's own process settings (heap growth step), kept out of the libraries.
        .target(name: "CProcessTuning"),
        .executableTarget(name: "tapctl", dependencies: ["TapCtlCore", "CProcessTuning"]),

        // MARK: - Tests
        // Runs the peers the tests compare against (tshark, tcpdump, gen_pcap.py, ip) and declares
        // the test tiers; not a product.
        .target(name: "TestSupport", path: "Sources/TestSupport"),
        .testTarget(name: "NetworkTypesTests", dependencies: ["NetworkTypes"], swiftSettings: composition),
        .testTarget(
            name: "PacketCoreTests",
            dependencies: ["PacketCore", "NetworkTypes", "TestSupport"],
            swiftSettings: composition
        ),
        .testTarget(
            name: "PacketCaptureTests",
            dependencies: ["PacketCapture", "PacketCore", "NetworkTypes", "TestSupport"],
            swiftSettings: composition
        ),
        .testTarget(name: "SocketsTests", dependencies: ["Sockets", "NetworkTypes"], swiftSettings: composition),
        .testTarget(
            name: "FlatYAMLTests",
            dependencies: ["FlatYAML", "CYAML", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: composition
        ),
        .testTarget(
            name: "PolicyTests",
            dependencies: ["Policy", "PacketCore", "NetworkTypes", "TapVocabulary", "Inventory", "TestSupport"],
            resources: [.copy("BrokenPolicies"), .copy("Policies")],
            swiftSettings: composition
        ),
        // One test target for the tunnel area (codecs, peers, namespaces, the built `tapctl`), so the
        // peer helpers are shared.
        .testTarget(
            name: "GRETests",
            dependencies: ["GRE", "TunnelTransport", "NetworkTypes", "PacketCore", "TapVocabulary", "TestSupport"],
            swiftSettings: composition
        ),
        .testTarget(
            name: "NetFlowTests",
            dependencies: ["NetFlow", "NetworkTypes", "PacketCore", "TapVocabulary"],
            swiftSettings: composition
        ),
        .testTarget(
            name: "NetFlowNIOTests",
            dependencies: [
                "NetFlowNIO", "FlowTransport", "NetFlow", "NetworkTypes", "PacketCore", "TapVocabulary", "TapCtlCore",
                "TestSupport", "ConsoleServer", "ConsoleStore", "ConsoleFlows", "Inventory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: swiftNIO),
                .product(name: "NIOEmbedded", package: swiftNIO),
            ],
            swiftSettings: composition
        ),
        .testTarget(
            name: "InventoryTests",
            dependencies: ["Inventory", "InventoryLibvirt", "InventoryVSphere", "NetworkTypes", "TapVocabulary", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: composition
        ),
        .testTarget(
            name: "TapAgentTests",
            dependencies: ["TapAgent", "Inventory", "Policy", "NetworkTypes", "TapVocabulary", "TestSupport"],
            swiftSettings: composition
        ),
        .testTarget(
            name: "ConsoleFlowsTests",
            dependencies: ["ConsoleFlows", "NetFlow", "NetworkTypes", "PacketCore", "TestSupport"],
            swiftSettings: composition
        ),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "ConsoleStore", "ConsoleServer", "ConsoleAgent", "ConsoleFlows", "NetFlow", "NetFlowNIO", "NetworkTypes",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: composition
        ),
        .testTarget(
            name: "TapCtlTests",
            dependencies: [
                "TapCtlCore", "TestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: composition
        ),
    ]
)
