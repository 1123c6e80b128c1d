import Foundation
import GRE
import PacketCore
import TestSupport
import Testing

/// `tapctl tap --write-encap` on the bundled sample and policy, checked with
/// tcpdump (the same selection as a BPF filter) and tshark.
@Suite(.tags(.namespaceLab), .namespaceLabTier) final class TapCommandTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vtgr-tap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static var sample: String { root.appendingPathComponent("Samples/sample.pcapng").path }
    static var samplePolicy: String { root.appendingPathComponent("Samples/sample-policy.yaml").path }

    func tap(_ extra: [String] = []) throws -> (stdout: String, encapsulated: String) {
        let encapsulated = path("encap.pcap")
        let output = try ExternalTool.run(
            try ExternalTool.tapctl,
            [
                "tap", "--read", Self.sample, "--policy", Self.samplePolicy,
                "--write-encap", encapsulated, "--source", "192.0.2.1",
                "--stats-json", path("stats.json"),
            ] + extra
        )
        #expect(output.status == 0, "\(output.standardError)")
        return (output.standardOutput, encapsulated)
    }

    /// tcpdump's own selection of the sample with `filter` (tagged frames included), less
    /// the frames whose TCP/UDP header the snap length cut short: BPF reads their port
    /// bytes anyway, the policy matches ports only on a transport header captured whole.
    func tcpdumpSelection(_ filter: String) throws -> [[UInt8]] {
        let selected = path("selected-\(UUID().uuidString).pcap")
        let output = try ExternalTool.run(
            "/usr/bin/tcpdump",
            ["-r", Self.sample, "-w", selected, "\(filter) or (vlan and (\(filter)))"]
        )
        #expect(output.status == 0, "\(output.standardError)")
        return try CaptureFiles.read(selected).filter { record, frame in
            var packet = DecodedPacket()
            try? PacketDecoder().decode(frame.span.bytes, wireLength: record.originalLength, into: &packet)
            let headerLength = packet.ipProtocol == 6 ? 20 : 8
            guard let transportOffset = packet.transportOffset else { return false }
            return frame.count >= Int(transportOffset) + headerLength
        }.map(\.frame)
    }

    @Test func innerFramesOfTheEncapsulatedOutputEqualTheSelectedInputFrames() throws {
        let (_, encapsulated) = try tap(["--oversize", "fragment"])
        let inner = path("inner.pcapng")
        let decap = try ExternalTool.run(try ExternalTool.tapctl, ["decap", "--read", encapsulated, "--write", inner])
        #expect(decap.status == 0, "\(decap.standardError)")
        let reader = try CaptureFileReader(path: inner)
        var perSource: [String: [[UInt8]]] = [:]
        while let record = try reader.next() {
            perSource[reader.interfaces[record.interfaceIndex].name ?? "", default: []].append(reader.currentFrame())
        }
        let web = try tcpdumpSelection("tcp port 80 or tcp port 443")
        let smb = try tcpdumpSelection("(port 445) and not (tcp port 80 or tcp port 443)")
        #expect(!web.isEmpty && !smb.isEmpty)
        #expect(perSource["gre 192.0.2.1 key 100"] == web)
        #expect(perSource["vxlan 2001:db8::1 vni 4242"] == web)
        // dlp truncates to 256 bytes (flagged with the ERSPAN T bit).
        #expect(perSource["erspan3 192.0.2.1 session 7"] == smb.map { Array($0.prefix(256)) })
    }

    @Test func tsharkDecodesEveryEncapsulationTheTapWrites() throws {
        let (stdout, encapsulated) = try tap()
        let output = try ExternalTool.run(
            "/usr/bin/tshark",
            [
                "-r", encapsulated, "-T", "fields", "-e", "frame.protocols",
                "-e", "gre.key", "-e", "erspan.spanid", "-e", "vxlan.vni",
                "-e", "erspan.truncated",
            ]
        )
        #expect(output.status == 0)
        let rows = output.standardOutput.split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false)
        }
        let stats = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("stats.json"))))
                as? [String: Any]
        )
        let destinations = try #require(stats["destinations"] as? [[String: Any]])
        func packets(_ name: String) -> Int? {
            (destinations.first { $0["name"] as? String == name }?["counters"] as? [String: Any])?["packets"] as? Int
        }
        #expect(
            rows.count
                == destinations.compactMap { ($0["counters"] as? [String: Any])?["packets"] as? Int }.reduce(0, +)
        )
        #expect(
            rows.filter { $0[0].hasSuffix("gre:eth") || $0[0].contains("gre:eth:") }.filter { $0[1] == "0x00000064" }
                .count == packets("ids")
        )
        #expect(rows.filter { $0[0].contains("gre:erspan:eth") && $0[2] == "7" && $0[4] != "" }.count == packets("dlp"))
        #expect(rows.filter { $0[0].contains("udp:vxlan:eth") && $0[3] == "4242" }.count == packets("forensics"))
        #expect(stdout.contains("web-to-ids") && stdout.contains("smb-to-dlp"))
        let rules = try #require((stats["statistics"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.map { $0["name"] as? String } == ["skip-backup", "web-to-ids", "smb-to-dlp", "debug-one-host"])
    }

    @Test func aMissingPolicyFailsWithAOneLineReason() throws {
        let output = try ExternalTool.run(
            try ExternalTool.tapctl,
            [
                "tap", "--read", Self.sample, "--policy", path("none.yaml"),
                "--write-encap", path("x.pcap"),
            ]
        )
        #expect(output.status != 0 && output.standardError.contains("none.yaml"))
    }
}
