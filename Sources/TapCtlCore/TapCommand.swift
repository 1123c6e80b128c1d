import ArgumentParser
import Foundation
import Inventory
import Logging
import NetFlow
import NetworkTypes
import TapAgent

/// `tapctl tap`: the agent. Live on interfaces or VMs (through an inventory), or from a capture file.
public struct TapCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tap",
        abstract: "Copy selected VMs' frames to the policy's destinations (GRE, ERSPAN, VXLAN), with flows on the side.",
        discussion: """
            Captures with libpcap (immediate mode) on the given interfaces, or on the interfaces of the VMs named
            with --vm that the inventory places on this host (--host-name). A frame between tapped VMs is copied
            exactly once, by one host (Docs/Agent.md). Follows the inventory (migrations), interfaces that
            appear and vanish; SIGHUP reloads policy and inventory, SIGUSR1 prints the counters, SIGINT/SIGTERM
            flush flows and exit. The tap's own tunnel and export traffic is never captured.

            Examples:
              tapctl tap --vm 'web-*' --inventory libvirt:qemu:///system --policy policy.yaml --stats-json stats.json
              tapctl tap --interface vnet0 --interface vnet1 --policy policy.yaml --netflow 192.0.2.5:2055 --netflow-version 10
              tapctl tap --read capture.pcap --policy policy.yaml --write-encap encap.pcap
            """
    )

    @Option(help: "Read frames from a capture file (pcap, pcapng, .gz) instead of capturing.", completion: .file())
    public var read: String?

    @Option(help: "Capture on this interface (repeatable).")
    public var interface: [String] = []

    @Option(help: "Tap the VMs matching this name glob or tag:NAME (repeatable; needs --inventory).")
    public var vm: [String] = []

    @Option(help: "The policy file (YAML).", completion: .file())
    public var policy: String

    @Option(help: "Inventory source: file:PATH, libvirt:URI or vsphere:URL (repeatable).")
    public var inventory: [String] = []

    @Option(name: .customLong("host-name"), help: "This host's name in the inventory (default: the system host name).")
    public var hostName: String?

    @Option(name: .customLong("write-encap"), help: "Write the encapsulated packets to this pcap instead of sending them.",
            completion: .file())
    public var writeEncap: String?

    @Option(help: "Export flows of the tapped traffic to this collector, HOST:PORT.")
    public var netflow: String?

    @Option(name: .customLong("netflow-version"), help: "Flow export format: 5, 9 or 10 (IPFIX).")
    public var netflowVersion: UInt16 = 9

    @Option(name: .customLong("active-timeout"), help: "Seconds after which a long-lived flow is exported.")
    public var activeTimeout = 60

    @Option(name: .customLong("inactive-timeout"), help: "Seconds without packets after which a flow is exported.")
    public var inactiveTimeout = 15

    @Option(help: "Stop after this many seconds.")
    public var duration: Double?

    @Option(name: .customLong("stats-json"), help: "Write the counters as JSON to this file (on exit and on SIGUSR1).",
            completion: .file())
    public var statsJSON: String?

    @Option(name: .customLong("max-pps"), help: "CPU budget: most frames processed per second over all interfaces.")
    public var maxPPS: UInt64?

    @Option(name: .customLong("buffer-size"), help: "Kernel capture buffer per interface and direction, in bytes.")
    public var bufferSize = 8 << 20

    @Option(name: .customLong("snap-length"), help: "Bytes kept of each captured frame.")
    public var snapLength = 65_535

    @Option(name: .customLong("tunnel-source"), help: "Outer source address for destinations without `source`.")
    public var tunnelSource: String?

    @Option(name: .customLong("inventory-interval"), help: "Seconds between inventory reads.")
    public var inventoryInterval = 0.5

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    public var logLevel: String = "info"

    public init() {}

    public func validate() throws {
        let sources = (read == nil ? 0 : 1) + (interface.isEmpty && vm.isEmpty ? 0 : 1)
        guard sources == 1 else { throw ValidationError("give exactly one of --read FILE, or --interface IF / --vm NAME") }
        guard vm.isEmpty || !inventory.isEmpty else { throw ValidationError("--vm needs --inventory SOURCE") }
        guard NetFlowVersion(rawValue: netflowVersion) != nil else { throw ValidationError("--netflow-version must be 5, 9 or 10") }
    }

    public func run() async throws {
        var configuration = TapAgentConfiguration(policyPath: policy, hostName: hostName ?? ProcessInfo.processInfo.hostName)
        configuration.capturePath = read
        configuration.encapsulatedCapturePath = writeEncap
        configuration.interfaces = interface
        configuration.virtualMachines = vm
        configuration.inventorySources = try inventory.map { try InventorySourceOption.makeSource($0, credentials: .init(environment: ProcessInfo.processInfo.environment)) }
        configuration.inventoryPollInterval = .milliseconds(Int(inventoryInterval * 1000))
        if let netflow {
            let collector = try HostPort(parsing: netflow)
            configuration.netflowCollector = (collector.host, collector.port)
            configuration.netflowVersion = NetFlowVersion(rawValue: netflowVersion) ?? .v9
        }
        configuration.flowActiveTimeoutSeconds = activeTimeout
        configuration.flowInactiveTimeoutSeconds = inactiveTimeout
        configuration.duration = duration
        configuration.statisticsPath = statsJSON
        configuration.maximumCapturePacketsPerSecond = maxPPS
        configuration.bufferBytes = bufferSize
        configuration.snapLength = snapLength
        if let tunnelSource {
            guard let address = IPAddress(tunnelSource) else { throw CommandFailure("--tunnel-source \(tunnelSource) is not an IP address") }
            configuration.tunnelSource = address
        }
        guard let level = Logger.Level(rawValue: logLevel) else { throw CommandFailure("--log-level \(logLevel) is not a log level") }
        var logger = Logger(label: "virtualtap.tap")
        logger.logLevel = level
        let agent: TapAgent
        do { agent = try await TapAgent(configuration: configuration, logger: logger) } catch let error as TapAgentError {
            throw CommandFailure(error.description)
        }
        AgentSignals.install()
        let statistics: AgentStatistics
        do { statistics = try await agent.run() } catch let error as TapAgentError { throw CommandFailure(error.description) }
        print(statistics.text)
    }
}
