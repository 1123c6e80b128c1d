import Foundation
import NetFlow
import TapCtlCore
import TestSupport
import Testing

/// tshark (an independent decoder) reads our v9 and IPFIX datagrams.
@Suite(.tags(.interop), .interopTier) struct TsharkDecodeTests {
    @Test(arguments: [9, 10])
    func tsharkDecodesOurTemplatesAndDataWithoutWarnings(version: Int) async throws {
        let capture = try InteropCapture.get()
        let directory = try PeerTools.temporaryDirectory("tshark")
        let output = directory + "/export-v\(version).pcap"
        // IPFIX also carries VM names and UUIDs (IEs 349/350) for the VMs of this inventory (JSON is accepted as YAML).
        let mapping = directory + "/vms.json"
        try
            #"{"vms": [{"name": "vm-b", "uuid": "4c4c4544-0042-3510-8052-b4c04f4e3232", "nics": [{"mac": "02:00:00:00:0b:01", "ips": ["10.1.0.28"]}]}]}"#
            .write(toFile: mapping, atomically: true, encoding: .utf8)
        let command = try FlowsCommand.parse([
            "--read", capture.path, "--write-datagrams", output, "--version", "\(version)",
            "--active-timeout", "1000000", "--inactive-timeout", "1000000", "--sampling", "1", "--inventory", mapping,
        ])
        try await command.run()
        let decodeAs = ["-d", "udp.port==2055,cflow"]
        let warnings = try PeerTools.run(
            "tshark",
            ["-r", output] + decodeAs + ["-Y", "_ws.malformed || _ws.expert.severity >= warning"]
        )
        #expect(warnings.status == 0)
        #expect(warnings.stdout.isEmpty, "tshark flagged: \(warnings.stdout.prefix(500))")
        let templates = try PeerTools.run(
            "tshark",
            ["-r", output] + decodeAs + ["-Y", "cflow.template_id", "-T", "fields", "-e", "frame.number"]
        )
        #expect(templates.stdout.split(separator: "\n").first == "1", "templates open the first datagram")
        let packets = try PeerTools.run("tshark", ["-r", output] + decodeAs + ["-T", "fields", "-e", "cflow.packets"])
        let total = packets.stdout.split(whereSeparator: { $0 == "\n" || $0 == "," }).compactMap { UInt64($0) }.reduce(
            0,
            +
        )
        let truth = try CaptureGroundTruth.compute(capture: capture.path, ipv4Only: false)
        #expect(total == truth.protocols.values.reduce(0) { $0 + $1.packets })
        if version == 10 {
            let names = try PeerTools.run(
                "tshark",
                ["-r", output] + decodeAs + ["-T", "fields", "-e", "cflow.virtual_station_name"]
            )
            #expect(names.stdout.contains("vm-b"), "tshark reads the VM name")
        }
    }
}
