import ArgumentParser
import Foundation
import GRE
import Inventory
import Logging
import NetFlow
import NetworkTypes
import TapAgent
import TapVocabulary

/// The options of `tapctl tap` that only live capture uses.
public struct LiveTapOptions: ParsableArguments {
    /// `--inventory SOURCE` (repeatable): `file:PATH`, `libvirt:URI` or `vsphere:URL`.
    @Option(help: "Inventory source: file:PATH, libvirt:URI or vsphere:URL (repeatable).")
    public var inventory: [String] = []

    /// `--host-name NAME`: this host's name in the inventory (the system's host name by default).
    @Option(name: .customLong("host-name"), help: "This host's name in the inventory (default: the system host name).")
    public var hostName: String?

    /// `--netflow HOST:PORT`: export flows of the tapped traffic to this collector.
    @Option(help: "Export flows of the tapped traffic to this collector, HOST:PORT.")
    public var netflow: String?

    /// `--netflow-version 5|9|10`: the export format (v9 by default).
    @Option(name: .customLong("netflow-version"), help: "Flow export format: 5, 9 or 10 (IPFIX).")
    public var netflowVersion: NetFlowVersion = .v9

    /// `--active-timeout S`: seconds after which a long-lived flow is exported (60 by default).
    @Option(name: .customLong("active-timeout"), help: "Seconds after which a long-lived flow is exported.")
    public var activeTimeout = 60

    /// `--inactive-timeout S`: seconds without packets after which a flow is exported (15 by default).
    @Option(name: .customLong("inactive-timeout"), help: "Seconds without packets after which a flow is exported.")
    public var inactiveTimeout = 15

    /// `--duration S`: stop after S seconds (until SIGINT or SIGTERM by default).
    @Option(help: "Stop after this many seconds (default: until SIGINT/SIGTERM).")
    public var duration: Double?

    /// `--max-pps N`: the CPU budget, the most frames processed per second over all interfaces (unlimited by default).
    @Option(name: .customLong("max-pps"), help: "CPU budget: most frames processed per second over all interfaces.")
    public var maxPPS: UInt64?

    /// `--buffer MIB`: the kernel capture ring per interface and direction (by default 2 MiB per Gb/s of the interface,
    /// 4 to 32).
    @Option(
        help: "Kernel capture ring per interface and direction, in MiB (default: 2 per Gb/s of the interface, 4 to 32)."
    )
    public var buffer: Int?

    /// `--snap-length N`: bytes kept of each captured frame (65535 by default).
    @Option(name: .customLong("snap-length"), help: "Bytes kept of each captured frame.")
    public var snapLength = 65_535

    /// `--inventory-interval S`: seconds between inventory reads (0.5 by default).
    @Option(name: .customLong("inventory-interval"), help: "Seconds between inventory reads.")
    public var inventoryInterval = 0.5

    /// `--log-level LEVEL`: trace, debug, info (the default), notice, warning or error.
    @Option(name: .customLong("log-level"), help: "Log level: trace, debug, info, notice, warning, error.")
    public var logLevel: Logger.Level = .info

    /// `--strict`: fail at start when the configuration taps nothing.
    @Flag(
        help:
            "Fail at start when the configuration taps nothing (--host-name not in the inventory, a --vm matching no VM, no selected VM on this host)."
    )
    public var strict = false

    /// The options at their defaults.
    public init() {}
}

extension TapCommand {
    /// `--interface` / `--vm`: runs the agent until a signal or `--duration`, then prints its counters.
    /// `companion` (the console loop) runs beside the agent and is cancelled when it stops.
    func runLive(companion: (@Sendable (TapAgent) async -> Void)? = nil) async throws {
        guard vm.isEmpty || !live.inventory.isEmpty else { throw CommandFailure("--vm needs --inventory SOURCE") }
        var configuration = TapAgentConfiguration(
            policyPath: policy,
            hostName: live.hostName ?? ProcessInfo.processInfo.hostName
        )
        configuration.encapsulatedCapturePath = writeEncap
        configuration.interfaces = interface
        configuration.virtualMachines = vm
        let environment = ProcessInfo.processInfo.environment
        configuration.inventorySources = try live.inventory.map {
            try InventorySourceOption.makeSource($0, credentials: .init(environment: environment))
        }
        configuration.inventoryPollInterval = .milliseconds(Int(live.inventoryInterval * 1000))
        if let netflow = live.netflow {
            let collector = try HostPort(parsing: netflow)
            configuration.netflowCollector = (collector.host, collector.port)
            configuration.netflowVersion = live.netflowVersion
        }
        configuration.flowActiveTimeoutSeconds = live.activeTimeout
        configuration.flowInactiveTimeoutSeconds = live.inactiveTimeout
        configuration.duration = live.duration
        configuration.statisticsPath = statsJSON
        configuration.maximumCapturePacketsPerSecond = live.maxPPS
        if let buffer = live.buffer {
            guard (1...4096).contains(buffer) else { throw CommandFailure("--buffer \(buffer) must be 1 to 4096 MiB") }
            configuration.bufferBytes = buffer << 20
        }
        configuration.snapLength = live.snapLength
        configuration.strict = live.strict
        configuration.oversize = oversize
        for (text, option, ipv6) in [(source, "--source", false), (source6, "--source6", true)] {
            guard let text else { continue }
            guard let address = IPAddress(text) else { throw CommandFailure("\(option) \(text) is not an IP address") }
            if ipv6 { configuration.tunnelSource6 = address } else { configuration.tunnelSource = address }
        }
        var logger = Logger(label: "virtualtap.tap")
        logger.logLevel = live.logLevel
        let agent: TapAgent
        do { agent = try await TapAgent(configuration: configuration, logger: logger) } catch let error as TapAgentError
        {
            throw CommandFailure(error.description)
        }
        AgentSignals.install()
        let companionTask = companion.map { run in Task { await run(agent) } }
        print(await agent.run().text)
        companionTask?.cancel()
    }
}
