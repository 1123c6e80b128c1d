import ConsoleFlows
import Foundation
import NetFlow
import NetworkTypes
import PacketCore
import TestSupport
import Testing

/// A generated capture metered and exported by our exporter, decoded by the
/// collector's decoder into the rollup: unsampled totals equal the capture's,
/// 1-in-10 sampled ones are estimates within 5 %.
@Suite struct FlowRollupSamplingTests {
    static let capture: Result<String, any Error> = Result {
        let directory = try ExternalTool.temporaryDirectory("console-flows")
        return try ExternalTool.generateCapture(
            in: directory,
            name: "flows.pcap",
            arguments: [
                "--packets", "60000", "--flows", "2000", "--seed", "11", "--malformed-fraction", "0",
            ]
        )
    }

    /// Exports the capture as IPFIX with 1-in-`sampling` packet sampling and rolls the export up.
    func rollup(sampling: UInt32) throws -> (FlowRollupCounts, FlowRollupAggregator) {
        let path = try Self.capture.get()
        var cache = FlowCache(configuration: FlowCacheConfiguration(samplingInterval: sampling), seed: 1)
        var exporter = FlowExporter(
            configuration: FlowExportConfiguration(version: .ipfix, samplingInterval: sampling),
            output: DatagramCollector()
        )
        _ = try CaptureFlowMeter.run(try CaptureFileReader(path: path), cache: &cache, exporter: &exporter)
        var decoder = FlowMessageDecoder()
        var aggregator = FlowRollupAggregator(attributor: FlowInventoryAttributor())
        let from = ExporterID(address: .v4(IPv4Address(127, 0, 0, 1)), port: 4739)
        for datagram in exporter.output.datagrams {
            try decoder.decode(RawSpan(_elements: datagram.span), from: from, into: &aggregator)
        }
        decoder.finish()
        #expect(decoder.statistics.malformedDatagrams == 0 && decoder.statistics.dataSetsDropped == 0)
        var total = FlowRollupCounts()
        for row in aggregator.drain() { total.add(row.counts) }
        return (total, aggregator)
    }

    @Test func sampledTotalsAreEstimatesWithinFivePercentOfTheTruth() throws {
        let (truth, _) = try rollup(sampling: 1)
        let (sampled, aggregator) = try rollup(sampling: 10)
        #expect(!truth.isEstimated && truth.packets > 50_000)
        #expect(sampled.isEstimated && aggregator.estimatedFlowsAdded == aggregator.flowsAdded)
        let packetError = abs(Double(sampled.packets) - Double(truth.packets)) / Double(truth.packets)
        let byteError = abs(Double(sampled.bytes) - Double(truth.bytes)) / Double(truth.bytes)
        #expect(packetError < 0.05, "packets \(sampled.packets) vs \(truth.packets)")
        #expect(byteError < 0.05, "bytes \(sampled.bytes) vs \(truth.bytes)")
    }
}
