import Foundation
import TestSupport
import Testing

@testable import TapCtlCore

/// Must show: per-protocol counts of `tapctl pcap stats` equal tshark's on
/// gen_pcap captures with VLANs, IPv6, fragments and 5 % damaged frames, in
/// pcap, pcapng and gzip form. The frames counted malformed must be the same
/// frames, not just as many.
@Suite(.serialized, .tags(.interop), .interopTier) struct PcapStatsTsharkTests {
    struct Variant: CustomTestStringConvertible, Sendable {
        var name: String
        var format: String
        var seed: Int
        var gzip: Bool
        var testDescription: String { name }
    }

    static let variants = [
        Variant(name: "capture.pcap", format: "pcap", seed: 11, gzip: false),
        Variant(name: "capture.pcapng", format: "pcapng", seed: 12, gzip: false),
        Variant(name: "capture.pcap.gz", format: "pcap", seed: 13, gzip: true),
        Variant(name: "capture.pcapng.gz", format: "pcapng", seed: 14, gzip: true),
    ]

    @Test(arguments: variants)
    func countsEqualTsharks(variant: Variant) throws {
        let directory = try ExternalTool.temporaryDirectory("vtfd-tshark")
        defer { try? FileManager.default.removeItem(at: directory) }
        let plainName = variant.gzip ? String(variant.name.dropLast(3)) : variant.name
        var path = try ExternalTool.generateCapture(
            in: directory,
            name: plainName,
            arguments: [
                "--packets", "30000", "--flows", "2000", "--seed", "\(variant.seed)", "--format", variant.format,
                "--vlan-fraction", "0.3", "--ipv6-fraction", "0.4", "--malformed-fraction", "0.05",
            ]
        )
        if variant.gzip {
            let gz = try ExternalTool.run("gzip", ["-f", path])
            #expect(gz.status == 0)
            path += ".gz"
        }
        let profile = try TsharkProtocolCounts.makeProfile(in: directory)
        let expected = try TsharkProtocolCounts.read(path, profile: profile)
        #expect(expected.counts["fragments", default: 0] > 0, "the capture must exercise fragments")
        #expect(expected.counts["vlan", default: 0] > 0 && expected.counts["ipv6", default: 0] > 0)
        #expect(expected.counts["malformed", default: 0] > 100, "the capture must exercise malformed frames")

        let run = try ExternalTool.run(
            try ExternalTool.tapctl,
            ["pcap", "stats", path, "--json", "--malformed-limit", "100000"]
        )
        #expect(run.status == 0, "\(run.standardError)")
        let report = try JSONDecoder().decode(PcapStatsReport.self, from: Data(run.standardOutput.utf8))
        #expect(report.frames == 30000)
        for name in TsharkProtocolCounts.countedNames {
            #expect(report.protocols[name] == expected.counts[name, default: 0], "count of \(name)")
        }
        let ours = report.malformedFrames.map(\.frame)
        let onlyOurs = Set(ours).subtracting(expected.malformedFrames).sorted()
        let onlyTsharks = Set(expected.malformedFrames).subtracting(ours).sorted()
        #expect(
            onlyOurs.isEmpty && onlyTsharks.isEmpty,
            "malformed only for us: \(onlyOurs.prefix(10)), only for tshark: \(onlyTsharks.prefix(10))"
        )
    }
}
