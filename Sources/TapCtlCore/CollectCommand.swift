import ArgumentParser
import Foundation
import NetFlow
import NetFlowNIO
import NetworkTypes
import PacketCore

/// `tapctl collect --listen HOST:PORT [--top N] [--json] [--count N | --duration S] [--inventory SOURCE]`.
public struct CollectCommand: AsyncParsableCommand {
    /// The subcommand's name (`collect`), abstract and discussion with examples, as `tapctl collect --help` prints
    /// them.
    public static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Collect NetFlow v5/v9/IPFIX from any exporter; print totals, top talkers and protocols.",
        discussion: """
            Templates are kept per exporter and source ID / observation domain; data that arrives before its
            template is held for 30 s (and counted as dropped if it never comes); sampled exports are
            renormalised; RFC 5103 bidirectional IPFIX gives a flow per direction; sequence numbers are tracked
            per exporter and domain (lost datagrams counted); malformed datagrams are counted and skipped.
            --read decodes the UDP datagrams of a capture file sent to the NetFlow/IPFIX ports 2055, 2056,
            2100, 4739, 9995 and 9996 (--port N, repeated, for others; --port all for every UDP datagram).

            Examples:
              tapctl collect --listen 0.0.0.0:2055 --duration 60
              tapctl collect --listen 127.0.0.1:4739 --count 10000 --top 20 --json
              tapctl collect --listen [::]:2055 --idle 5 --inventory file:vms.json
              tapctl collect --read export.pcap
              tapctl collect --read export.pcap --port 6000
            """
    )

    /// `--listen HOST:PORT`: the UDP address to collect on (port 0 picks one); exactly one of this and `read`.
    @Option(help: "Listen on HOST:PORT (UDP).")
    public var listen: String?

    /// `--read FILE`: a capture whose UDP datagrams to decode instead of listening.
    @Option(help: "Decode the UDP datagrams in a capture file instead of listening.", completion: .file())
    public var read: String?

    /// `--port N` (repeatable), with `--read` only: the destination ports to decode instead of the usual NetFlow/IPFIX
    /// ports; `all` for every UDP datagram.
    @Option(help: "With --read: a UDP destination port to decode (repeat; 'all' for every UDP datagram).")
    public var port: [String] = []

    /// `--top N`: rows in each top-talker table (10 by default, not negative).
    @Option(help: "Rows in each top-talker table.")
    public var top = 10

    /// `--json`: print the report as JSON instead of tables.
    @Flag(help: "Print JSON instead of tables.")
    public var json = false

    /// `--count N`: stop after N flow records; not with `duration`.
    @Option(help: "Stop after this many flow records.")
    public var count: UInt64?

    /// `--duration S`: stop after S seconds of listening; not with `count`.
    @Option(help: "Stop after this many seconds.")
    public var duration: Double?

    /// `--idle S`: stop when no datagram arrived for S seconds, counted from the first datagram.
    @Option(help: "Stop when no datagram arrived for this many seconds (after the first).")
    public var idle: Double?

    /// `--inventory SOURCE`: `file:PATH`, `libvirt:URI` or `vsphere:URL`, to add per-VM rows.
    @Option(help: "VMs for per-VM rows: file:PATH, libvirt:URI or vsphere:URL (see Docs/NetFlow.md).")
    public var inventory: String?

    /// A command with every option at its default; ArgumentParser fills them from the arguments.
    public init() {}

    /// Checks the options before `run()`: exactly one of `--listen` and `--read`, not both `--count` and `--duration`,
    /// `--top` not negative, `--port` only with `--read` and each a port from 1 to 65535 or `all`.
    ///
    /// - Throws: `ValidationError` naming the option.
    public func validate() throws {
        guard (listen == nil) != (read == nil) else {
            throw ValidationError("Give exactly one of --listen HOST:PORT or --read FILE.")
        }
        guard !(count != nil && duration != nil) else { throw ValidationError("Give --count or --duration, not both.") }
        guard top >= 0 else { throw ValidationError("--top must not be negative.") }
        guard port.isEmpty || read != nil else { throw ValidationError("--port applies to --read only.") }
        _ = try ports()
    }

    /// The destination ports `--read` decodes; nil for every UDP datagram.
    func ports() throws -> Set<UInt16>? {
        guard !port.isEmpty else { return CaptureDatagramReader.defaultPorts }
        if port.contains("all") { return nil }
        return Set(
            try port.map { text in
                guard let number = UInt16(text), number > 0 else {
                    throw ValidationError("--port: '\(text)' is not a UDP port (1-65535) or 'all'.")
                }
                return number
            }
        )
    }

    /// Collects (or decodes the capture), then prints the report as tables or JSON.
    ///
    /// - Throws: `CommandFailure` when the address cannot be bound or the capture cannot be read; the inventory's
    ///   errors.
    public func run() async throws {
        var resolver: FlowVMTable?
        if let inventory { resolver = try await FlowVMInventory.load(inventory) }
        let summary = FlowSummary(vmResolver: resolver)
        let report: CollectReport
        if let read {
            report = try decodeCapture(read, summary: summary)
        } else {
            report = try await listenAndCollect(try HostPort(parsing: listen!), summary: summary)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
    }

    private func listenAndCollect(_ address: HostPort, summary: FlowSummary) async throws -> CollectReport {
        let collector: UDPFlowCollector
        do {
            collector = try await UDPFlowCollector.start(host: address.host, port: address.port, summary: summary)
        } catch {
            throw CommandFailure("cannot listen on \(address): \(error)")
        }
        let started = ContinuousClock.now
        if let count {
            if let idle {
                try await waitIdle(collector, seconds: idle, until: count)
            } else {
                try await collector.waitForRecords(count)
            }
        } else if let duration {
            try await Task.sleep(for: .milliseconds(Int(duration * 1000)))
        } else if let idle {
            try await waitIdle(collector, seconds: idle, until: nil)
        } else {
            try await Task.sleep(for: .seconds(365 * 86_400))
        }
        let result = try await collector.finish()
        try await collector.stop()
        let elapsed = ContinuousClock.now - started
        // Records per second over the time datagrams arrived, not the wait before or the idle time after.
        return CollectReport(
            source: "udp \(address)",
            summary: result.summary,
            statistics: result.statistics,
            sequences: result.exporters,
            top: top,
            skippedDatagrams: 0,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            busySeconds: Double(result.busyMilliseconds) / 1000
        )
    }

    private func waitIdle(_ collector: UDPFlowCollector, seconds: Double, until records: UInt64?) async throws {
        while true {
            try await Task.sleep(for: .milliseconds(100))
            if let records, try await collector.snapshot().statistics.flowRecords >= records { return }
            guard let quiet = try await collector.millisecondsSinceLastDatagram() else { continue }
            if Double(quiet) / 1000 >= seconds { return }
        }
    }

    private func decodeCapture(_ path: String, summary: FlowSummary) throws -> CollectReport {
        var summary = summary
        var decoder = FlowMessageDecoder()
        let started = ContinuousClock.now
        let skipped: UInt64
        let ports = try ports()
        do {
            skipped = try CaptureDatagramReader.run(
                try CaptureFileReader(path: path),
                decoder: &decoder,
                into: &summary,
                recordLimit: count,
                ports: ports
            )
        } catch {
            throw CommandFailure(error.description)
        }
        decoder.finish()
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return CollectReport(
            source: path,
            summary: summary,
            statistics: decoder.statistics,
            sequences: decoder.exporterSequences,
            top: top,
            skippedDatagrams: skipped,
            seconds: seconds,
            busySeconds: seconds
        )
    }
}
