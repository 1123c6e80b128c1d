import Foundation
import TapCtlCore
import Testing

/// tshark (an independent decoder) reads our v9 and IPFIX datagrams.
@Suite struct TsharkDecodeTests {
    @Test(arguments: [9, 10])
    func tsharkDecodesOurTemplatesAndDataWithoutWarnings(version: Int) async throws {
        let capture = try InteropCapture.get()
        let output = try PeerTools.temporaryDirectory("tshark") + "/export-v\(version).pcap"
        let command = try FlowsCommand.parse([
            "--read", capture.path, "--write-datagrams", output, "--version", "\(version)",
            "--active-timeout", "1000000", "--inactive-timeout", "1000000", "--sampling", "1",
        ])
        try await command.run()
        let decodeAs = ["-d", "udp.port==2055,cflow"]
        let warnings = try PeerTools.run("tshark", ["-r", output] + decodeAs + ["-Y", "_ws.malformed || _ws.expert.severity >= warning"])
        #expect(warnings.status == 0)
        #expect(warnings.stdout.isEmpty, "tshark flagged: \(warnings.stdout.prefix(500))")
        let templates = try PeerTools.run("tshark", ["-r", output] + decodeAs + ["-Y", "cflow.template_id", "-T", "fields", "-e", "frame.number"])
        #expect(templates.stdout.split(separator: "\n").first == "1", "templates open the first datagram")
        let packets = try PeerTools.run("tshark", ["-r", output] + decodeAs + ["-T", "fields", "-e", "cflow.packets"])
        let total = packets.stdout.split(whereSeparator: { $0 == "\n" || $0 == "," }).compactMap { UInt64($0) }.reduce(0, +)
        let truth = try CaptureGroundTruth.compute(capture: capture.path, ipv4Only: false)
        #expect(total == truth.protocols.values.reduce(0) { $0 + $1.packets })
    }
}
