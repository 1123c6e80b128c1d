import Foundation
import NetFlow
import NetworkTypes

/// The result of `tapctl collect`, for JSON and for the table.
struct CollectReport: Encodable {
    struct Row: Encodable {
        var name: String
        var flows: UInt64
        var packets: UInt64
        var bytes: UInt64
        init(_ name: String, _ t: FlowTotals) {
            self.name = name
            flows = t.flows
            packets = t.packets
            bytes = t.bytes
        }
    }
    var source: String
    var seconds: Double
    /// Records over the seconds datagrams were arriving (first to last datagram under --listen).
    var recordsPerSecond: Double
    var statistics: CollectorStatistics
    /// UDP datagrams of a capture skipped because of their destination port.
    var skippedDatagrams: UInt64
    /// Sequence tracking per exporter and domain: datagrams, gaps, lost.
    var exporterSequences: [ExporterSequence]
    var totals: FlowTotals
    var first: String?
    var last: String?
    var firstMilliseconds: Int64?
    var lastMilliseconds: Int64?
    var protocols: [Row]
    var topTalkersByBytes: [Row]
    var topTalkersByPackets: [Row]
    var exporters: [Row]
    var vms: [Row]

    init(
        source: String,
        summary: FlowSummary,
        statistics: CollectorStatistics,
        sequences: [ExporterSequence],
        top: Int,
        skippedDatagrams: UInt64,
        seconds: Double,
        busySeconds: Double
    ) {
        self.source = source
        self.seconds = seconds
        self.statistics = statistics
        self.skippedDatagrams = skippedDatagrams
        exporterSequences = sequences
        recordsPerSecond = busySeconds > 0 ? Double(statistics.flowRecords) / busySeconds : 0
        totals = summary.totals
        if summary.totals.flows > 0 {
            firstMilliseconds = summary.firstMilliseconds
            lastMilliseconds = summary.lastMilliseconds
            first = Self.date(summary.firstMilliseconds)
            last = Self.date(summary.lastMilliseconds)
        }
        protocols = summary.byProtocol.sorted {
            $0.value.bytes != $1.value.bytes ? $0.value.bytes > $1.value.bytes : $0.key < $1.key
        }
        .map { Row(IPProtocolNumber.name(of: $0.key), $0.value) }
        topTalkersByBytes = summary.topTalkers(count: top).map { Row($0.address.description, $0.totals) }
        topTalkersByPackets = summary.topTalkers(count: top, byPackets: true).map {
            Row($0.address.description, $0.totals)
        }
        exporters = summary.byExporter.sorted { $0.key.description < $1.key.description }.map {
            Row($0.key.description, $0.value)
        }
        vms = summary.byVM.sorted {
            $0.value.bytes != $1.value.bytes ? $0.value.bytes > $1.value.bytes : $0.key < $1.key
        }
        .map { Row($0.key, $0.value) }
    }

    static func date(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    var table: String {
        var lines: [String] = []
        let s = statistics
        lines.append("source:      \(source)")
        lines.append(
            "datagrams:   \(s.datagrams) (v5 \(s.v5Datagrams), v9 \(s.v9Datagrams), IPFIX \(s.ipfixDatagrams)), malformed \(s.malformedDatagrams)"
        )
        if skippedDatagrams > 0 {
            lines.append("skipped:     \(skippedDatagrams) UDP datagrams to other ports (--port to decode them)")
        }
        if s.sequenceGaps > 0 || s.sequenceReordered > 0 {
            lines.append(
                "sequence:    \(s.sequenceGaps) gaps, \(s.lostDatagrams) v9 datagrams and \(s.lostRecords) v5/IPFIX records lost, \(s.sequenceReordered) reordered"
            )
        }
        if s.reverseFlowRecords > 0 { lines.append("biflows:     \(s.reverseFlowRecords) reverse flows (RFC 5103)") }
        if s.recordsTimedByExport > 0 {
            lines.append(
                "time:        \(s.recordsTimedByExport) records timed by the export time (time field of a bad length)"
            )
        }
        lines.append(
            "templates:   \(s.templates) + \(s.optionsTemplates) options, \(s.templateWithdrawals) withdrawn; data before template: \(s.dataSetsBuffered) held, \(s.dataSetsReplayed) replayed, \(s.dataSetsDropped) dropped"
        )
        lines.append("totals:      \(totals.flows) flows, \(totals.packets) packets, \(totals.bytes) bytes")
        if let first, let last { lines.append("time span:   \(first) .. \(last)") }
        func section(_ title: String, _ rows: [Row], header: String) {
            guard !rows.isEmpty else { return }
            lines.append("")
            lines.append(title)
            lines.append(
                "  " + header.padding(toLength: 40, withPad: " ", startingAt: 0) + "flows".rightAligned(10)
                    + "packets".rightAligned(14) + "bytes".rightAligned(16)
            )
            for r in rows {
                lines.append(
                    "  " + r.name.padding(toLength: 40, withPad: " ", startingAt: 0) + "\(r.flows)".rightAligned(10)
                        + "\(r.packets)".rightAligned(14) + "\(r.bytes)".rightAligned(16)
                )
            }
        }
        section("protocols:", protocols, header: "protocol")
        section("top talkers by bytes:", topTalkersByBytes, header: "source address")
        section("top talkers by packets:", topTalkersByPackets, header: "source address")
        section("per VM:", vms, header: "vm")
        section("exporters:", exporters, header: "exporter")
        for e in exporterSequences where e.gaps > 0 || e.reordered > 0 {
            let unit = e.version == 9 ? "datagrams" : "records"
            lines.append(
                "  \(e.exporter) v\(e.version) domain \(e.observationDomain): \(e.gaps) gaps, \(e.lost) \(unit) lost, \(e.reordered) reordered"
            )
        }
        for e in s.firstErrors { lines.append("malformed: \(e)") }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func rightAligned(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
