// swift-tools-version: 6.2
//
// VirtualTap: a modular virtual tap for Linux hypervisors.
//
// Layering (a target may only depend on targets listed above it):
//   NetworkTypes                      addresses, prefixes, MACs (no dependencies)
//   CZlib, CPcap                      C system libraries (zlib, libpcap); CPrefetch, a cache hint
//   PacketCore                        zero-copy frame decoding, owned headers, pcap/pcapng files
//   PacketCapture                     live capture through libpcap
//   TapVocabulary                     the shared VM identity and tunnel destination types
//   Policy | GRE | NetFlow | Inventory   independent libraries; they never import each other
//   (NIO-backed transports, agent pipeline, console)   composition targets
//   TapCtlCore                        every `tapctl` command (testable)
//   tapctl                            the thin executable
//
// The manifest is split into one section per library so that work on one
// library touches only its own section.
import PackageDescription

/// Settings for code on the packet path: `~Escapable` views over `RawSpan`
/// need the `Lifetimes` feature; every unsafe construct must be spelled `unsafe`.
let hotPath: [SwiftSetting] = [
    .enableExperimentalFeature("Lifetimes"),
    .strictMemorySafety(),
]
let testSettings: [SwiftSetting] = [.enableExperimentalFeature("Lifetimes")]

var products: [Product] = []
var targets: [Target] = []
var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
]

// MARK: - Foundation: NetworkTypes, PacketCore, capture files, live capture
products += [
    .library(name: "NetworkTypes", targets: ["NetworkTypes"]),
    .library(name: "PacketCore", targets: ["PacketCore"]),
    .library(name: "PacketCapture", targets: ["PacketCapture"]),
]
targets += [
    .target(name: "NetworkTypes", swiftSettings: hotPath),
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
    // A cache prefetch hint for the capture reader (Swift has none of its own).
    .target(name: "CPrefetch"),
    .target(name: "PacketCore", dependencies: ["NetworkTypes", "CZlib", "CPrefetch"], swiftSettings: hotPath),
    .target(name: "PacketCapture", dependencies: ["PacketCore", "CPcap"], swiftSettings: hotPath),
    .testTarget(name: "NetworkTypesTests", dependencies: ["NetworkTypes"], swiftSettings: testSettings),
    // Runs the peers tests compare against (tshark, tcpdump, gen_pcap.py, ip); not a product.
    .target(name: "TestSupport", path: "Sources/TestSupport"),
    .testTarget(
        name: "PacketCoreTests",
        dependencies: ["PacketCore", "TestSupport"],
        swiftSettings: testSettings
    ),
    .testTarget(
        name: "PacketCaptureTests", dependencies: ["PacketCapture", "PacketCore", "TestSupport"],
        swiftSettings: testSettings),
]
// END Foundation

// MARK: - Vocabulary
// TapVocabulary: the one VM identity (`VirtualMachine`, `VirtualNIC`) and the one tunnel
// destination (`TunnelDestination`, `TunnelEncapsulation`) that Policy, GRE, NetFlow and
// Inventory share without importing each other.
products += [.library(name: "TapVocabulary", targets: ["TapVocabulary"])]
targets += [.target(name: "TapVocabulary", dependencies: ["NetworkTypes"], swiftSettings: hotPath)]
// END Vocabulary

// MARK: - Policy
// FlatYAML: libyaml's event API read into a compact document (the policy reader's YAML).
products += [.library(name: "Policy", targets: ["Policy"]), .library(name: "FlatYAML", targets: ["FlatYAML"])]
targets += [
    .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
    .target(name: "FlatYAML", dependencies: ["CYAML"], swiftSettings: hotPath),
    .testTarget(name: "FlatYAMLTests", dependencies: ["FlatYAML", "TestSupport"], exclude: ["Fixtures"], swiftSettings: testSettings),
    .target(
        name: "Policy",
        dependencies: ["NetworkTypes", "PacketCore", "FlatYAML", "TapVocabulary"],
        swiftSettings: hotPath
    ),
    .testTarget(
        name: "PolicyTests",
        dependencies: ["Policy", "PacketCore", "NetworkTypes", "TapVocabulary", "Inventory", "TestSupport"],
        resources: [.copy("BrokenPolicies"), .copy("Policies")],
        swiftSettings: testSettings
    ),
]
// END Policy

// MARK: - GRE, ERSPAN, VXLAN
// GRE: pure wire formats (no sockets, fuzzable). TunnelTransport: sockets (sender, receiver)
// and the decap session. TapPipeline: PacketCore decode -> Policy -> encapsulation -> write/send.
products += [
    .library(name: "GRE", targets: ["GRE"]),
    .library(name: "TunnelTransport", targets: ["TunnelTransport"]),
    .library(name: "TapPipeline", targets: ["TapPipeline"]),
]
targets += [
    .target(name: "GRE", dependencies: ["NetworkTypes", "PacketCore", "TapVocabulary"], swiftSettings: hotPath),
    .target(name: "CTunnelSockets"),
    .target(
        name: "TunnelTransport", dependencies: ["GRE", "NetworkTypes", "PacketCore", "TapVocabulary", "CTunnelSockets"],
        swiftSettings: hotPath
    ),
    .target(
        name: "TapPipeline", dependencies: ["GRE", "TunnelTransport", "Policy", "NetworkTypes", "PacketCore", "TapVocabulary"],
        swiftSettings: hotPath
    ),
    // One test target for the area (codecs, peers, namespaces, commands) so the peer helpers are shared.
    .testTarget(
        name: "GRETests",
        dependencies: [
            "GRE", "TunnelTransport", "TapPipeline", "NetworkTypes", "PacketCore", "TapVocabulary", "TapCtlCore", "TestSupport",
        ],
        swiftSettings: testSettings
    ),
]
// END GRE

// MARK: - NetFlow
products += [
    .library(name: "NetFlow", targets: ["NetFlow"]),
    .library(name: "NetFlowNIO", targets: ["NetFlowNIO"]),
]
targets += [
    .target(name: "NetFlow", dependencies: ["NetworkTypes", "PacketCore", "TapVocabulary"], swiftSettings: hotPath),
    .target(
        name: "NetFlowNIO",
        dependencies: [
            "NetFlow", "NetworkTypes", "PacketCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ],
        swiftSettings: testSettings
    ),
    .testTarget(name: "NetFlowTests", dependencies: ["NetFlow", "NetworkTypes", "PacketCore", "TapVocabulary"], swiftSettings: testSettings),
    .testTarget(
        name: "NetFlowNIOTests",
        dependencies: [
            "NetFlowNIO", "NetFlow", "NetworkTypes", "PacketCore", "TapVocabulary", "TapCtlCore", "TestSupport",
            "ConsoleServer", "ConsoleStore", "ConsoleFlows", "Inventory",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ],
        swiftSettings: testSettings
    ),
]
// END NetFlow

// MARK: - Inventory
// `Inventory` (model, lookups, change feed, merging, file source) needs only NetworkTypes and Yams.
// The libvirt source (C API, needs libvirt-dev) and the vSphere source (SOAP over URLSession)
// live in their own targets so `Inventory` builds on a machine without libvirt.
dependencies += [.package(url: "https://github.com/drmohundro/SWXMLHash", from: "8.1.1")]
products += [
    .library(name: "Inventory", targets: ["Inventory"]),
    .library(name: "InventoryLibvirt", targets: ["InventoryLibvirt"]),
    .library(name: "InventoryVSphere", targets: ["InventoryVSphere"]),
]
targets += [
    .target(name: "Inventory", dependencies: ["NetworkTypes", "TapVocabulary", .product(name: "Yams", package: "Yams")]),
    // libvirt's headers (libvirt-dev) and a dlopen loader: libvirt.so.0 is opened at first use.
    .target(name: "CLibvirt"),
    .target(
        name: "InventoryLibvirt",
        dependencies: ["Inventory", "NetworkTypes", "TapVocabulary", "CLibvirt", .product(name: "SWXMLHash", package: "SWXMLHash")]
    ),
    .target(
        name: "InventoryVSphere",
        dependencies: ["Inventory", "NetworkTypes", "TapVocabulary", .product(name: "SWXMLHash", package: "SWXMLHash")]
    ),
    .testTarget(
        name: "InventoryTests",
        dependencies: ["Inventory", "InventoryLibvirt", "InventoryVSphere", "NetworkTypes", "TapVocabulary", "TestSupport"],
        resources: [.copy("Fixtures")]
    ),
]
// END Inventory

// MARK: - Agent (tap pipeline) and console
// TapAgent: the live tap agent (libpcap capture on VM interfaces -> ownership (no duplicates)
// -> NetFlow flow cache, and -> TapPipeline (Policy -> GRE/ERSPAN/VXLAN senders)), embeddable.
products += [.library(name: "TapAgent", targets: ["TapAgent"])]
targets += [
    .target(
        name: "TapAgent",
        dependencies: [
            "NetworkTypes", "PacketCore", "PacketCapture", "Policy", "GRE", "TunnelTransport", "TapPipeline", "NetFlow",
            "NetFlowNIO", "Inventory", "TapVocabulary", "CTunnelSockets", .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: testSettings
    ),
    .testTarget(
        name: "TapAgentTests",
        dependencies: ["TapAgent", "Inventory", "Policy", "PacketCore", "NetworkTypes", "TapVocabulary", "TestSupport"],
        swiftSettings: testSettings
    ),
]
// END Agent

// MARK: - Console (server, store, agent client)
// ConsoleStore: one SQL code path (SQLKit) over SQLite (default, a file) and PostgreSQL
// (`postgres://` URL), with a versioned migration runner other parts append to.
// ConsoleServer: the Hummingbird JSON API. ConsoleAgent: the agent's client (enroll, pull, heartbeat).
dependencies += [
    .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
    .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
    .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
]
products += [
    .library(name: "ConsoleStore", targets: ["ConsoleStore"]),
    .library(name: "ConsoleServer", targets: ["ConsoleServer"]),
    .library(name: "ConsoleAgent", targets: ["ConsoleAgent"]),
]
targets += [
    .target(
        name: "ConsoleStore",
        dependencies: [
            "ConsoleFlows",
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "SQLiteKit", package: "sqlite-kit"),
            .product(name: "PostgresKit", package: "postgres-kit"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ],
        swiftSettings: testSettings
    ),
    .target(
        name: "ConsoleServer",
        dependencies: [
            "ConsoleStore", "ConsoleAgent", "Policy", "Inventory", "NetworkTypes", "TapVocabulary",
            "ConsoleFlows", "NetFlow", "NetFlowNIO",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ],
        swiftSettings: testSettings
    ),
    .target(
        name: "ConsoleAgent",
        dependencies: [
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: testSettings
    ),
    .testTarget(
        name: "ConsoleTests",
        dependencies: [
            "ConsoleStore", "ConsoleServer", "ConsoleAgent", "Policy", "Inventory", "TestSupport",
            "ConsoleFlows", "NetFlow", "NetFlowNIO", "NetworkTypes",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "SQLKit", package: "sql-kit"),
        ],
        swiftSettings: testSettings
    ),
]
// END Console

// MARK: - Console flows
// ConsoleFlows: the console's flow rollups: endpoints named with the inventory at the flow's time,
// 1 min / 5 min / 1 h rows keyed by bucket, endpoint pair, protocol and service port, retention and
// the choice of table a query reads.
products += [.library(name: "ConsoleFlows", targets: ["ConsoleFlows"])]
targets += [
    .target(name: "ConsoleFlows", dependencies: ["NetFlow", "NetworkTypes"], swiftSettings: testSettings),
    .testTarget(
        name: "ConsoleFlowsTests",
        dependencies: ["ConsoleFlows", "NetFlow", "NetworkTypes", "PacketCore", "TestSupport"],
        swiftSettings: testSettings
    ),
]
// END Console flows

// MARK: - Command line
/// Every library TapCtlCore composes; each section appends its own.
var tapCtlCoreDependencies: [Target.Dependency] = [
    "NetworkTypes", "PacketCore", "PacketCapture", "TapVocabulary",
    .product(name: "ArgumentParser", package: "swift-argument-parser"),
]
// MARK: Command line: Policy
tapCtlCoreDependencies += ["Policy"]

// MARK: Command line: GRE
tapCtlCoreDependencies += ["GRE", "TunnelTransport", "TapPipeline"]

// MARK: Command line: NetFlow
tapCtlCoreDependencies += ["NetFlow", "NetFlowNIO"]

// MARK: Command line: Inventory
tapCtlCoreDependencies += ["Inventory", "InventoryLibvirt", "InventoryVSphere"]

// MARK: Command line: Agent
tapCtlCoreDependencies += ["TapAgent"]

// MARK: Command line: Console
tapCtlCoreDependencies += ["ConsoleStore", "ConsoleServer", "ConsoleAgent", .product(name: "Hummingbird", package: "hummingbird")]
tapCtlCoreDependencies += ["ConsoleFlows", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]

targets += [
    .target(name: "TapCtlCore", dependencies: tapCtlCoreDependencies, swiftSettings: testSettings),
    // The executable's own process settings (heap growth step), kept out of the libraries.
    .target(name: "CProcessTuning"),
    .executableTarget(name: "tapctl", dependencies: ["TapCtlCore", "CProcessTuning"]),
    .testTarget(
        name: "TapCtlTests",
        dependencies: ["TapCtlCore", "PacketCore", "TestSupport"],
        swiftSettings: testSettings
    ),
]
products += [.executable(name: "tapctl", targets: ["tapctl"])]
// END Command line

let package = Package(
    name: "VirtualTap",
    products: products,
    dependencies: dependencies,
    targets: targets
)
