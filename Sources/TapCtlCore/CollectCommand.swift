import ArgumentParser
import Foundation
import NetFlow
import NetFlowNIO
import NetworkTypes
import PacketCore

/// `tapctl collect --listen HOST:PORT [--top N] [--json] [--count N | --duration S] [--inventory SOURCE]`.
public struct CollectCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Collect NetFlow v5/v9/IPFIX from any exporter; print totals, top talkers and protocols.",
        discussion: """
            Templates are kept per exporter and source ID / observation domain; data that arrives before its
            template is held for 30 s; sampled exports are renormalised; malformed datagrams are counted and
            skipped. --read decodes the UDP datagrams of a capture file instead of listening.

            Examples:
              tapctl collect --listen 0.0.0.0:2055 --duration 60
              tapctl collect --listen 127.0.0.1:4739 --count 10000 --top 20 --json
              tapctl collect --listen [::]:2055 --idle 5 --inventory file:vms.json
              tapctl collect --read export.pcap
            """
    )

    @Option(help: "Listen on HOST:PORT (UDP).")
    public var listen: String?

    @Option(help: "Decode the UDP datagrams in a capture file instead of listening.", completion: .file())
    public var read: String?

    @Option(help: "Rows in each top-talker table.")
    public var top = 10

    @Flag(help: "Print JSON instead of tables.")
    public var json = false

    @Option(help: "Stop after this many flow records.")
    public var count: UInt64?

    @Option(help: "Stop after this many seconds.")
    public var duration: Double?

    @Option(help: "Stop when no datagram arrived for this many seconds (after the first).")
    public var idle: Double?

    @Option(help: "VMs for per-VM rows: file:PATH, libvirt:URI or vsphere:URL (see Docs/NetFlow.md).")
    public var inventory: String?

    public init() {}

    public func validate() throws {
        guard (listen == nil) != (read == nil) else { throw ValidationError("Give exactly one of --listen HOST:PORT or --read FILE.") }
        guard !(count != nil && duration != nil) else { throw ValidationError("Give --count or --duration, not both.") }
        guard top >= 0 else { throw ValidationError("--top must not be negative.") }
    }

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
        let (collected, statistics) = try await collector.snapshot()
        try await collector.stop()
        let elapsed = ContinuousClock.now - started
        return CollectReport(source: "udp \(address)", summary: collected, statistics: statistics, top: top,
                             seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
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
        do {
            try CaptureDatagramReader.run(try CaptureFileReader(path: path), decoder: &decoder, into: &summary,
                                          recordLimit: count)
        } catch {
            throw CommandFailure(error.description)
        }
        let elapsed = ContinuousClock.now - started
        return CollectReport(source: path, summary: summary, statistics: decoder.statistics, top: top,
                             seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
