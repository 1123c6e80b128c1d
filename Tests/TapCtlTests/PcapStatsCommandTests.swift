import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import TapCtlCore

@Suite struct PcapStatsCommandTests {
    @Test func parsesFileAndFlags() throws {
        let plain = try PcapStatsCommand.parse(["capture.pcapng"])
        #expect(plain.file == "capture.pcapng" && !plain.json && plain.malformedLimit == 10)
        let json = try PcapStatsCommand.parse(["capture.pcap.gz", "--json", "--malformed-limit", "3"])
        #expect(json.file == "capture.pcap.gz" && json.json && json.malformedLimit == 3)
        let viaRoot = try TapCtl.parseAsRoot(["pcap", "stats", "x.pcap", "--json"])
        #expect((viaRoot as? PcapStatsCommand)?.json == true)
    }

    @Test func rejectsBadArguments() {
        #expect(throws: (any Error).self) { try PcapStatsCommand.parse([]) }
        #expect(throws: (any Error).self) { try PcapStatsCommand.parse(["a.pcap", "--malformed-limit", "-1"]) }
        #expect(throws: (any Error).self) { try PcapStatsCommand.parse(["a.pcap", "--no-such-flag"]) }
    }

    @Test func helpShowsAnExample() {
        let help = PcapStatsCommand.helpMessage()
        #expect(help.contains("Examples:") && help.contains("tapctl pcap stats capture.pcapng"))
        #expect(TapCtl.helpMessage().contains("tapctl pcap stats"))
        #expect(PcapCommand.helpMessage(for: PcapStatsCommand.self).contains("--json"))
    }

    /// gen_pcap's own summary of the capture it wrote.
    struct Manifest: Decodable {
        var frames: Int
        var bytes_captured: Int
        var bytes_wire: Int
        var last_ts_us: Int64
        var malformed_frames: [[JSONValue]]
    }

    enum JSONValue: Decodable {
        case number(Int)
        case text(String)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int.self) { self = .number(n) } else { self = .text(try c.decode(String.self)) }
        }
    }

    @Test(.tags(.interop), .interopTier) func endToEndOnAGeneratedCapture() throws {
        let directory = try ExternalTool.temporaryDirectory("vtfd-e2e")
        defer { try? FileManager.default.removeItem(at: directory) }
        let manifestPath = directory.appendingPathComponent("manifest.json").path
        let path = try ExternalTool.generateCapture(
            in: directory,
            name: "e2e.pcap",
            arguments: [
                "--packets", "5000", "--seed", "21", "--vlan-fraction", "0.2", "--ipv6-fraction", "0.3",
                "--malformed-fraction", "0.05", "--manifest", manifestPath,
            ]
        )
        let manifest = try JSONDecoder().decode(
            Manifest.self,
            from: Data(contentsOf: URL(fileURLWithPath: manifestPath))
        )

        let json = try ExternalTool.run(try ExternalTool.tapctl, ["pcap", "stats", path, "--json"])
        #expect(json.status == 0 && json.standardError.isEmpty)
        let report = try JSONDecoder().decode(PcapStatsReport.self, from: Data(json.standardOutput.utf8))
        #expect(report.format == "pcap" && report.linkTypes == ["ethernet"])
        #expect(report.frames == manifest.frames && report.bytes == manifest.bytes_captured)
        #expect(report.wireBytes == manifest.bytes_wire)
        let first = try #require(report.firstTimestamp)
        let last = try #require(report.lastTimestamp)
        // gen_pcap's first_ts_us is its start epoch, not the first frame's time: ask tshark for that.
        let tshark = try ExternalTool.run("tshark", ["-r", path, "-c", "1", "-T", "fields", "-e", "frame.time_epoch"])
        #expect(first == tshark.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(last == Self.seconds(microseconds: manifest.last_ts_us))
        let firstSeconds = try #require(Double(first))
        #expect(abs(report.durationSeconds - (Double(manifest.last_ts_us) / 1e6 - firstSeconds)) < 1e-6)
        for name in [
            "ethernet", "vlan", "arp", "ipv4", "ipv6", "tcp", "udp", "icmp", "icmpv6", "fragments", "malformed",
        ] {
            #expect(report.protocols[name] != nil, "\(name) is reported")
        }
        // The first ten malformed frames, each with its frame number and where it broke.
        #expect(report.malformedFrames.count == 10)
        #expect(report.malformedFrames.map(\.frame) == report.malformedFrames.map(\.frame).sorted())
        for frame in report.malformedFrames {
            #expect(frame.reason.contains(" at byte "), "\(frame.reason)")
        }

        let table = try ExternalTool.run(try ExternalTool.tapctl, ["pcap", "stats", path])
        #expect(table.status == 0)
        #expect(table.standardOutput.contains("frames:     \(manifest.frames)"))
        #expect(table.standardOutput.contains("first malformed frames:"))
        #expect(
            table.standardOutput.contains(
                "  frame \(report.malformedFrames[0].frame): \(report.malformedFrames[0].reason)"
            )
        )
    }

    static func seconds(microseconds: Int64) -> String {
        let fraction = String(microseconds % 1_000_000)
        return "\(microseconds / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)000"
    }

    @Test func aDamagedFileFailsWithOneLineButReportsWhatCameBefore() throws {
        let directory = try ExternalTool.temporaryDirectory("vtfd-damaged")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try ExternalTool.generateCapture(
            in: directory,
            name: "damaged.pcap",
            arguments: ["--packets", "300"]
        )
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes.removeLast(7)  // the last record is cut short
        try bytes.write(to: URL(fileURLWithPath: path))

        let run = try ExternalTool.run(try ExternalTool.tapctl, ["pcap", "stats", path, "--json"])
        #expect(run.status != 0)
        let lines = run.standardError.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.contains("record 300 at byte") == true, "\(run.standardError)")
        let report = try JSONDecoder().decode(PcapStatsReport.self, from: Data(run.standardOutput.utf8))
        #expect(report.frames == 299 && report.readError?.contains("truncated") == true)

        let missing = try ExternalTool.run(
            try ExternalTool.tapctl,
            ["pcap", "stats", directory.appendingPathComponent("nope.pcap").path]
        )
        #expect(missing.status != 0 && missing.standardError.split(separator: "\n").count == 1)
        #expect(missing.standardError.contains("cannot open"))
        let text = directory.appendingPathComponent("notes.txt")
        try Data("not a capture\n".utf8).write(to: text)
        let notCapture = try ExternalTool.run(try ExternalTool.tapctl, ["pcap", "stats", text.path])
        #expect(notCapture.status != 0 && notCapture.standardError.contains("not a capture file"))
    }
}
