import Foundation
import NetFlow
import PacketCore
import TapCtlCore
import Testing

/// Our exporter into an independent collector: nfdump's nfcapd.
@Suite(.serialized) struct NfcapdInteropTests {
    static let truthAll = Result {
        try CaptureGroundTruth.compute(capture: try InteropCapture.get().path, ipv4Only: false)
    }
    static let truthIPv4 = Result {
        try CaptureGroundTruth.compute(capture: try InteropCapture.get().path, ipv4Only: true)
    }

    @Test(arguments: [5, 9, 10])
    func nfdumpTotalsAndDatesEqualTheGroundTruth(version: Int) async throws {
        let capture = try InteropCapture.get()
        let truth = try (version == 5 ? Self.truthIPv4 : Self.truthAll).get()
        let nfcapd = try Nfcapd()
        let command = try FlowsCommand.parse([
            "--read", capture.path, "--export", "127.0.0.1:\(nfcapd.port)", "--version", "\(version)",
            "--active-timeout", "1000000", "--inactive-timeout", "1000000",
        ])
        try await command.run()
        let flows = try nfcapd.stopAndDump()
        var byProtocol: [String: CaptureGroundTruth.Totals] = [:]
        for f in flows {
            byProtocol["\(f.proto)", default: .init(flows: 0, packets: 0, bytes: 0)].flows += 1
            byProtocol["\(f.proto)"]!.packets += f.packets
            byProtocol["\(f.proto)"]!.bytes += f.bytes
        }
        #expect(byProtocol == truth.protocols, "v\(version): nfdump per protocol vs ground truth")
        #expect(flows.map(\.start).min() == truth.firstMilliseconds, "v\(version): first date")
        #expect(flows.map(\.end).max() == truth.lastMilliseconds, "v\(version): last date")
        for f in flows { #expect(f.start <= f.end) }
    }

    @Test func v5ReportsTheIPv6FlowsItSkipped() throws {
        let capture = try InteropCapture.get()
        let truth = try Self.truthAll.get()
        var cache = FlowCache(
            configuration: FlowCacheConfiguration(activeTimeoutSeconds: 1_000_000, inactiveTimeoutSeconds: 1_000_000)
        )
        var exporter = FlowExporter(configuration: FlowExportConfiguration(version: .v5), output: DatagramCollector())
        _ = try CaptureFlowMeter.run(try CaptureFileReader(path: capture.path), cache: &cache, exporter: &exporter)
        #expect(exporter.skippedIPv6Flows == truth.ipv6Flows)
        #expect(truth.ipv6Flows > 0)
    }
}
