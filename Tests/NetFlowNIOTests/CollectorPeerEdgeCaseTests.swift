import Foundation
import NetFlow
import NetFlowNIO
import NetworkTypes
import PacketCore
import TapCtlCore
import TestSupport
import Testing

/// The collector's edge cases against independent peers: softflowd's
/// bidirectional IPFIX, ordinary UDP in a capture, the sender we record.
@Suite(.serialized, .tags(.interop), .interopTier) struct CollectorPeerEdgeCaseTests {
    /// softflowd's export of the capture, recorded (`-b`: bidirectional flows).
    func softflowdExport(_ capture: String, bidirectional: Bool) throws -> [[UInt8]] {
        let recorder = try DatagramRecorder()
        let pidFile = try PeerTools.temporaryDirectory("softflowd-b") + "/softflowd.pid"
        let out = try PeerTools.run(
            "softflowd",
            [
                "-r", capture, "-n", "127.0.0.1:\(recorder.port)", "-v", "10", "-A", "milli", "-p", pidFile,
            ] + (bidirectional ? ["-b"] : [])
        )
        guard out.status == 0 else { throw PeerError("softflowd failed: \(out.stderr)") }
        return recorder.drain()
    }

    func decode(_ datagrams: [[UInt8]]) -> (FlowSummary, FlowMessageDecoder) {
        var decoder = FlowMessageDecoder()
        var summary = FlowSummary()
        let exporter = ExporterID(address: .v4(IPv4Address(127, 0, 0, 1)), port: 40_000)
        for d in datagrams { try? decoder.decode(RawSpan(_elements: d.span), from: exporter, into: &summary) }
        decoder.finish()
        return (summary, decoder)
    }

    @Test func softflowdsBidirectionalIPFIXGivesTheSameFlowsAsItsUnidirectionalExport() throws {
        let capture = try InteropCapture.get()
        let (bi, biDecoder) = decode(try softflowdExport(capture.path, bidirectional: true))
        let (uni, uniDecoder) = decode(try softflowdExport(capture.path, bidirectional: false))
        #expect(biDecoder.statistics.malformedDatagrams == 0 && uniDecoder.statistics.malformedDatagrams == 0)
        #expect(biDecoder.statistics.reverseFlowRecords > 0)
        #expect(biDecoder.statistics.enterpriseFieldsSkipped == 0)
        #expect(uni.totals.flows > 0)
        #expect(bi.totals == uni.totals, "flows, packets and bytes of both directions")
        #expect(bi.bySource == uni.bySource, "per source address")
        #expect(bi.byProtocol == uni.byProtocol)
        // softflowd numbers its IPFIX messages by data records: nothing lost on loopback.
        #expect(biDecoder.statistics.sequenceGaps == 0, "\(biDecoder.exporterSequences)")
        #expect(uniDecoder.statistics.sequenceGaps == 0, "\(uniDecoder.exporterSequences)")
        #expect(biDecoder.exporterSequences.count == 1 && biDecoder.exporterSequences[0].datagrams > 1)
    }

    @Test func aCaptureOfOrdinaryTrafficIsNotDecodedAsNetFlowByDefault() throws {
        let capture = try InteropCapture.get()
        var decoder = FlowMessageDecoder()
        var summary = FlowSummary()
        let skipped = try CaptureDatagramReader.run(
            try CaptureFileReader(path: capture.path),
            decoder: &decoder,
            into: &summary
        )
        #expect(skipped > 0)
        #expect(decoder.statistics.datagrams == 0 && decoder.statistics.malformedDatagrams == 0)
        // Every UDP datagram (the old behaviour): ordinary traffic counted as malformed NetFlow.
        var everyDatagram = FlowMessageDecoder()
        try CaptureDatagramReader.run(
            try CaptureFileReader(path: capture.path),
            decoder: &everyDatagram,
            into: &summary,
            ports: nil
        )
        #expect(everyDatagram.statistics.malformedDatagrams > 0)
    }

    @Test func anExportOnAnotherPortIsDecodedWhenItsPortIsGiven() async throws {
        let capture = try InteropCapture.get()
        let directory = try PeerTools.temporaryDirectory("collect-port")
        let export = directory + "/ipfix.pcap"
        try await FlowsCommand.parse(["--read", capture.path, "--write-datagrams", export, "--version", "10"]).run()
        // The recorded export goes to 127.0.0.1:2055 (a default port); a port list without it skips it all.
        var decoder = FlowMessageDecoder()
        var summary = FlowSummary()
        let skipped = try CaptureDatagramReader.run(
            try CaptureFileReader(path: export),
            decoder: &decoder,
            into: &summary,
            ports: [6000]
        )
        #expect(decoder.statistics.datagrams == 0 && skipped > 0)
        try await CollectCommand.parse(["--read", export, "--port", "2055", "--json"]).run()
        #expect(throws: (any Error).self) { _ = try CollectCommand.parse(["--read", export, "--port", "x"]) }
        #expect(throws: (any Error).self) { _ = try CollectCommand.parse(["--listen", "127.0.0.1:0", "--port", "9"]) }
    }

    @Test func theRecordedExportNamesTheSenderTheCollectorSaw() async throws {
        let capture = try InteropCapture.get()
        let directory = try PeerTools.temporaryDirectory("write-datagrams")
        let export = directory + "/v9.pcap"
        let collector = try await UDPFlowCollector.start(host: "127.0.0.1", port: 0)
        let port = try #require(collector.localAddress?.port)
        let exportStarted = ContinuousClock.now
        try await FlowsCommand.parse([
            "--read", capture.path, "--export", "127.0.0.1:\(port)", "--version", "9",
            "--write-datagrams", export,
        ]).run()
        let exporting = ContinuousClock.now - exportStarted
        try await Poll.until("a second without a datagram at the collector", poll: 0.1) {
            try await collector.millisecondsSinceLastDatagram().map { $0 >= 1_000 } ?? false
        }
        let live = try await collector.finish()
        try await collector.stop()
        var decoder = FlowMessageDecoder()
        var recorded = FlowSummary()
        try CaptureDatagramReader.run(
            try CaptureFileReader(path: export),
            decoder: &decoder,
            into: &recorded,
            ports: nil
        )
        let sender = try #require(live.summary.byExporter.keys.first)
        #expect(live.summary.byExporter.count == 1)
        #expect(Array(recorded.byExporter.keys) == [sender], "the pcap's source is the socket the datagrams left from")
        #expect(sender.port != 50_000)
        #expect(recorded.totals == live.summary.totals)
        // Busy time: from the first datagram to the last, not the second of idle waited after it.
        #expect(live.busyMilliseconds > 0)
        #expect(Duration.milliseconds(live.busyMilliseconds) <= exporting)
    }
}
