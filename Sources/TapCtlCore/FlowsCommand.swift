import ArgumentParser
import FlowTransport
import Foundation
import NetFlow
import NetFlowNIO
import NetworkTypes
import PacketCore

/// `tapctl flows (--read FILE | --interface IF ...) --export HOST:PORT --version 5|9|10 ...`.
public struct FlowsCommand: AsyncParsableCommand {
    /// The subcommand's name (`flows`), abstract and discussion with examples, as `tapctl flows --help` prints them.
    public static let configuration = CommandConfiguration(
        commandName: "flows",
        abstract: "Build flows from packets and export them as NetFlow v5, v9 or IPFIX.",
        discussion: """
            Flows are keyed on the 5-tuple plus VLAN and interface (ICMP type/code in the destination port).
            A flow ends after --inactive-timeout seconds without packets, after --active-timeout seconds of
            life, at a TCP FIN or RST, when the cache is full (least recently updated first), or at the end.
            With --read the packets' own timestamps are the clock, so exported dates are the capture's.

            Examples:
              tapctl flows --read capture.pcapng --export 127.0.0.1:2055 --version 9
              tapctl flows --read dc.pcap --export collector:4739 --sampling 10
              tapctl flows --read dc.pcap --version 5 --write-datagrams export.pcap
              tapctl flows --interface vnet0 --export 10.0.0.5:2055 --duration 60
            """
    )

    /// `--read FILE`: meter a capture (pcap, pcapng, `.gz`); its packets' times are the flow clock. Exactly one of this
    /// and `interface`.
    @Option(help: "Read packets from a capture file (pcap, pcapng, .gz).", completion: .file())
    public var read: String?

    /// `--interface IF` (repeatable): meter live traffic on these interfaces.
    @Option(help: "Capture live on an interface (repeatable).")
    public var interface: [String] = []

    /// `--export HOST:PORT`: the collector; needed unless `writeDatagrams` is given.
    @Option(help: "The collector, HOST:PORT.")
    public var export: String?

    /// `--version 5|9|10`: NetFlow v5, v9 (the default) or IPFIX.
    @Option(help: "Export format: 5 (NetFlow v5), 9 (NetFlow v9) or 10 (IPFIX).")
    public var version: NetFlowVersion = .v9

    /// `--active-timeout S`: seconds after which a long-lived flow is exported and restarted (1800 by default,
    /// positive).
    @Option(help: "Seconds after which a long-lived flow is exported and restarted.")
    public var activeTimeout = 1800

    /// `--inactive-timeout S`: seconds without packets after which a flow is exported (15 by default, positive).
    @Option(help: "Seconds without packets after which a flow is exported.")
    public var inactiveTimeout = 15

    /// `--sampling N`: count one packet in N, deterministically (1 by default: all); N is exported so collectors
    /// multiply up.
    @Option(help: "Count 1 packet in N (deterministic); N is exported so collectors renormalise.")
    public var sampling: UInt32 = 1

    /// `--max-flows N`: the most flows held at once; the least recently updated is exported first when full (65536 by
    /// default).
    @Option(help: "Most flows held at once (least recently updated evicted first).")
    public var maxFlows = 65_536

    /// `--mtu N`: the path MTU to the collector; datagrams stay within it minus 28 bytes (1500 by default).
    @Option(help: "Path MTU; datagrams stay below it minus IP and UDP headers.")
    public var mtu = 1500

    /// `--observation-domain N`: the v9 source ID, IPFIX observation domain or v5 engine ID (0 by default).
    @Option(help: "v9 source ID / IPFIX observation domain / v5 engine ID.")
    public var observationDomain: UInt32 = 0

    /// `--write-datagrams OUT.pcap`: also write every export datagram to this pcap, as IPv4/UDP.
    @Option(help: "Also write every export datagram into this pcap file (as IPv4/UDP).", completion: .file())
    public var writeDatagrams: String?

    /// `--inventory SOURCE`: `file:PATH`, `libvirt:URI` or `vsphere:URL`, for the IPFIX VM name and UUID fields.
    @Option(help: "VMs for the IPFIX VM name/UUID fields: file:PATH, libvirt:URI or vsphere:URL (see Docs/NetFlow.md).")
    public var inventory: String?

    /// `--duration S`, with `--interface`: stop after S seconds (until killed by default).
    @Option(help: "With --interface: stop after this many seconds (default: run until killed).")
    public var duration: Double?

    /// A command with every option at its default; ArgumentParser fills them from the arguments.
    public init() {}

    /// Checks the options before `run()`: exactly one of `--read` and `--interface`, `--export` or `--write-datagrams`,
    /// positive timeouts, sampling of at least 1, and a `.pcap` name (or a device) for `--write-datagrams`.
    ///
    /// - Throws: `ValidationError` naming the option.
    public func validate() throws {
        guard (read == nil) != interface.isEmpty else {
            throw ValidationError("Give exactly one of --read FILE or --interface IF.")
        }
        guard export != nil || writeDatagrams != nil else { throw ValidationError("Give --export HOST:PORT.") }
        guard activeTimeout > 0, inactiveTimeout > 0 else { throw ValidationError("Timeouts must be positive.") }
        guard sampling >= 1 else { throw ValidationError("--sampling must be at least 1.") }
        if let writeDatagrams {
            try CaptureOutputPath.check(writeDatagrams, option: "--write-datagrams", pcapng: false)
        }
    }

    /// Meters the capture or the interfaces, exports the flows, and prints what was exported.
    ///
    /// - Throws: `CommandFailure` when the collector's socket cannot be opened or the capture or interfaces cannot be
    ///   read.
    public func run() async throws {
        let configuration = FlowExportConfiguration(
            version: version,
            pathMTU: mtu,
            observationDomain: observationDomain,
            samplingInterval: sampling
        )
        var outputs = FlowExportOutputs()
        var destination = HostPort(host: "127.0.0.1", port: 2055)
        if let export {
            destination = try HostPort(parsing: export)
            do {
                // Replaying a file waits for socket room (nothing lost); a live capture never waits.
                outputs.sender = try UDPDatagramSender.open(
                    host: destination.host,
                    port: destination.port,
                    whenFull: read == nil ? .drop : .wait
                )
            } catch {
                throw CommandFailure("cannot open a UDP socket to \(destination): \(error)")
            }
        }
        if let writeDatagrams {
            // The capture names the real sender (the socket's source address and port) when exporting;
            // without --export nothing is sent, and 127.0.0.1:50000 stands for the exporter.
            var sourceAddress = IPv4Address(127, 0, 0, 1)
            var sourcePort: UInt16 = 50_000
            if let wire = outputs.sender?.wireSource(), case .v4(let address) = wire.address {
                sourceAddress = address
                sourcePort = wire.port
            }
            outputs.recorder = try DatagramPcapRecorder(
                path: writeDatagrams,
                source: sourceAddress,
                destination: IPv4Address(destination.host) ?? IPv4Address(127, 0, 0, 1),
                sourcePort: sourcePort,
                destinationPort: UInt16(destination.port)
            )
        }
        var resolver: FlowVMTable?
        if let inventory { resolver = try await FlowVMInventory.load(inventory) }
        var exporter = FlowExporter(configuration: configuration, output: outputs, vmResolver: resolver)
        var cache = FlowCache(
            configuration: FlowCacheConfiguration(
                maximumFlows: maxFlows,
                activeTimeoutSeconds: activeTimeout,
                inactiveTimeoutSeconds: inactiveTimeout,
                samplingInterval: sampling
            )
        )
        var report = CaptureFlowMeter.Report()
        if let read {
            do {
                let reader = try CaptureFileReader(path: read)
                report = try CaptureFlowMeter.run(reader, cache: &cache, exporter: &exporter)
            } catch {
                throw CommandFailure(error.description)
            }
        } else {
            let meter = try LiveFlowMeter(interfaces: interface)
            report.frames = try meter.run(cache: &cache, exporter: &exporter, duration: duration)
        }
        exporter.output.sender?.close()
        try exporter.output.recorder?.close()
        print(
            "frames:            \(report.frames) (\(report.undecodableFrames) undecodable, \(cache.nonIPPackets) not IP)"
        )
        print("sampled packets:   \(cache.sampledPackets) (1:\(sampling))")
        print(
            "flows:             \(cache.flowsCreated) created, \(cache.peakCount) at peak, \(cache.evictions) evicted"
        )
        print("exported:          \(exporter.flowsExported) flows in \(exporter.datagramsSent) \(version) datagrams")
        if version == .v5 { print("skipped IPv6:      \(exporter.skippedIPv6Flows) flows (v5 carries IPv4 only)") }
        if let sender = exporter.output.sender, sender.sendErrors > 0 {
            print("send errors:       \(sender.sendErrors)")
        }
        if let sender = exporter.output.sender, sender.droppedBusy > 0 {
            print("dropped (socket full): \(sender.droppedBusy)")
        }
    }
}
