import Foundation
import GRE
import PacketCore
import TestSupport
import Testing

/// `tapctl decap --read` and `tapctl encap --write-encap`, run as the built binary.
@Suite(.tags(.namespaceLab), .namespaceLabTier) final class DecapCommandTests {
    let directory: URL

    /// The shared, independently written packet crafter beside the repository.
    static var craftPackets: String { ExternalTool.craftPackets }

    deinit { try? FileManager.default.removeItem(at: directory) }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vtgr-decap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Runs tapctl and returns its decoded `--json` report (decap) or stdout.
    @discardableResult
    func tapctl(_ arguments: [String]) throws -> String {
        let output = try ExternalTool.run(try ExternalTool.tapctl, arguments)
        #expect(output.status == 0, "tapctl \(arguments.joined(separator: " ")): \(output.standardError)")
        return output.standardOutput
    }

    func decapReport(_ arguments: [String]) throws -> [String: Any] {
        let text = try tapctl(["decap"] + arguments + ["--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static let frames: [[UInt8]] = (0..<10).map { TunnelFixtures.ethernetUDP(length: 100 + $0 * 37, seed: UInt8($0)) }

    @Test func packetsFromAnIndependentCrafterAreDecapsulated() throws {
        let crafted = path("crafted")
        let output = try ExternalTool.run("/usr/bin/python3", [Self.craftPackets, "pcaps", crafted])
        #expect(output.status == 0, "\(output.standardError)")
        for (file, name) in [
            ("gre_teb", "gre 198.18.0.1"), ("gre_key_seq", "gre 198.18.0.1 key 42"),
            ("erspan2", "erspan2 198.18.0.1 session 100"), ("erspan3", "erspan3 198.18.0.1 session 200"),
            ("vxlan", "vxlan 198.18.0.1 vni 42"),
        ] {
            let out = path("\(file).pcapng")
            let report = try decapReport(["--read", "\(crafted)/\(file).pcap", "--write", out])
            #expect(report["written"] as? Int == 3 && report["malformed"] as? Int == 0, "\(file)")
            let sources = try #require(report["sources"] as? [[String: Any]])
            #expect(sources.map { $0["name"] as? String } == [name], "\(file)")
            // tshark finds the same inner frames inside the tunnel as we wrote out.
            let inside = try ExternalTool.run(
                "/usr/bin/tshark",
                [
                    "-r", "\(crafted)/\(file).pcap", "-T", "fields",
                    "-E", "occurrence=l", "-e", "eth.src", "-e", "ip.id",
                ]
            )
            let written = try ExternalTool.run(
                "/usr/bin/tshark",
                [
                    "-r", out, "-T", "fields", "-E", "occurrence=l",
                    "-e", "eth.src", "-e", "ip.id",
                ]
            )
            #expect(!inside.standardOutput.isEmpty && inside.standardOutput == written.standardOutput, "\(file)")
        }
    }

    @Test func everyEncapsulationRoundTripsThroughEncapAndDecap() throws {
        let input = path("in.pcap")
        let encapsulated = path("encap.pcap")
        let inner = path("inner.pcapng")
        try CaptureFiles.write(Self.frames, to: input)
        try tapctl([
            "encap", "--read", input, "--source", "198.18.0.1", "--write-encap", encapsulated,
            "--to", "gre:198.18.0.2,key=1,seq,csum", "--to", "erspan2:198.18.0.2,session=2",
            "--to", "erspan3:198.18.0.2,session=3", "--to", "vxlan:198.18.0.2,vni=4",
            "--to", "gre-udp:198.18.0.2,key=5", "--to", "gre:198.18.0.2",
        ])
        let report = try decapReport(["--read", encapsulated, "--write", inner])
        #expect(report["written"] as? Int == 60 && report["malformed"] as? Int == 0)
        let reader = try CaptureFileReader(path: inner)
        var perInterface: [Int: [[UInt8]]] = [:]
        var timestamps: [Int: [CaptureTimestamp]] = [:]
        while let record = try reader.next() {
            perInterface[record.interfaceIndex, default: []].append(reader.currentFrame())
            timestamps[record.interfaceIndex, default: []].append(record.timestamp)
        }
        #expect(reader.interfaces.count == 6)
        for index in 0..<6 {
            #expect(perInterface[index] == Self.frames, "interface \(reader.interfaces[index].name ?? "")")
            #expect(timestamps[index]?.first == CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 500))
        }
    }

    @Test func lossAndReorderingAreCountedFromSequenceNumbers() throws {
        let input = path("in.pcap")
        let encapsulated = path("encap.pcap")
        let damaged = path("damaged.pcap")
        try CaptureFiles.write(Self.frames, to: input)
        try tapctl([
            "encap", "--read", input, "--source", "198.18.0.1", "--write-encap", encapsulated,
            "--to", "gre:198.18.0.2,key=7,seq",
        ])
        var records = try CaptureFiles.read(encapsulated)
        records.remove(at: 3)  // sequence 3 lost
        records.swapAt(5, 6)  // 7 before 6
        try CaptureFiles.write(
            records.map(\.frame),
            to: damaged,
            linkType: .raw,
            timestamps: records.map(\.record.timestamp)
        )
        let report = try decapReport(["--read", damaged, "--write", path("inner.pcap")])
        let source = try #require((report["sources"] as? [[String: Any]])?.first)
        #expect(source["lost"] as? Int == 1 && source["reordered"] as? Int == 1 && source["frames"] as? Int == 9)
    }

    @Test func dedupRemovesCopiesThatDifferOnlyInTTL() throws {
        let copies = Self.frames.map { frame -> [UInt8] in
            var copy = frame
            copy[22] -= 1  // TTL one hop later; the IPv4 checksum would change too
            copy[24] ^= 0x5A
            return copy
        }
        let a = path("a.pcap")
        let b = path("b.pcap")
        let encapA = path("ea.pcap")
        let encapB = path("eb.pcap")
        let merged = path("m.pcap")
        try CaptureFiles.write(Self.frames, to: a)
        try CaptureFiles.write(copies, to: b)
        try tapctl([
            "encap", "--read", a, "--source", "198.18.0.1", "--write-encap", encapA, "--to", "gre:198.18.0.9,key=1",
        ])
        try tapctl([
            "encap", "--read", b, "--source", "198.18.0.3", "--write-encap", encapB, "--to", "vxlan:198.18.0.9,vni=1",
        ])
        let first = try CaptureFiles.read(encapA)
        let second = try CaptureFiles.read(encapB)
        let interleaved = zip(first, second).flatMap { [$0, $1] }
        try CaptureFiles.write(
            interleaved.map(\.frame),
            to: merged,
            linkType: .raw,
            timestamps: interleaved.map(\.record.timestamp)
        )
        let without = try decapReport(["--read", merged, "--write", path("all.pcap")])
        #expect(without["written"] as? Int == 20)
        let with = try decapReport(["--read", merged, "--write", path("dedup.pcap"), "--dedup"])
        #expect(with["written"] as? Int == 10 && with["duplicatesRemoved"] as? Int == 10)
        #expect(try CaptureFiles.read(path("dedup.pcap")).map(\.frame) == Self.frames)
    }

    @Test func malformedTunnelPacketsAreCountedAndSkipped() throws {
        let input = path("in.pcap")
        let encapsulated = path("encap.pcap")
        let damaged = path("damaged.pcap")
        try CaptureFiles.write(Self.frames, to: input)
        try tapctl([
            "encap", "--read", input, "--source", "198.18.0.1", "--write-encap", encapsulated,
            "--to", "gre:198.18.0.2,key=7,csum",
        ])
        var records = try CaptureFiles.read(encapsulated)
        records[1].frame[21] = 0x01  // GRE version 1: PPTP, not a mirror tunnel
        records[4].frame[40] ^= 0xFF  // payload no longer matches the GRE checksum
        records[7].frame = Array(records[7].frame.prefix(26))  // cut inside the GRE header
        try CaptureFiles.write(
            records.map(\.frame),
            to: damaged,
            linkType: .raw,
            timestamps: records.map(\.record.timestamp)
        )
        let output = path("inner.pcap")
        let report = try decapReport(["--read", damaged, "--write", output])
        #expect(report["malformed"] as? Int == 2 && report["notTunnel"] as? Int == 1 && report["written"] as? Int == 7)
        let reasons = try #require(report["firstMalformed"] as? [String])
        #expect(reasons.first?.contains("frame 5") == true && reasons.first?.contains("gre") == true)
        var kept = Self.frames
        kept.remove(at: 7)
        kept.remove(at: 4)
        kept.remove(at: 1)
        #expect(try CaptureFiles.read(output).map(\.frame) == kept)
    }

    @Test func fragmentedOuterPacketsInACaptureAreReassembled() throws {
        let jumbo = TunnelFixtures.ethernetUDP(length: 9000, seed: 3)
        let input = path("in.pcap")
        let encapsulated = path("encap.pcap")
        let inner = path("inner.pcap")
        try CaptureFiles.write([jumbo, Self.frames[0]], to: input)
        try tapctl([
            "encap", "--read", input, "--source", "198.18.0.1", "--write-encap", encapsulated,
            "--to", "vxlan:198.18.0.2,vni=8,fragment,mtu=1500",
        ])
        let outer = try CaptureFiles.read(encapsulated)
        #expect(outer.count == 8 && outer.allSatisfy { $0.frame.count <= 1500 })
        let report = try decapReport(["--read", encapsulated, "--write", inner])
        #expect(report["reassembled"] as? Int == 1 && report["written"] as? Int == 2)
        #expect(try CaptureFiles.read(inner).map(\.frame) == [jumbo, Self.frames[0]])
        // tshark reassembles our fragments too and finds the inner frame.
        let tshark = try ExternalTool.run(
            "/usr/bin/tshark",
            [
                "-r", encapsulated, "-T", "fields", "-e", "vxlan.vni",
                "-e", "frame.protocols",
            ]
        )
        #expect(
            tshark.standardOutput.split(separator: "\n").filter { $0.hasPrefix("8\t") && $0.contains("vxlan:eth") }
                .count == 2
        )
    }

    @Test func truncatedFramesKeepTheirOriginalLength() throws {
        let jumbo = TunnelFixtures.ethernetUDP(length: 9000, seed: 4)
        let input = path("in.pcap")
        let encapsulated = path("encap.pcap")
        let inner = path("inner.pcap")
        try CaptureFiles.write([jumbo], to: input)
        try tapctl([
            "encap", "--read", input, "--source", "198.18.0.1", "--write-encap", encapsulated,
            "--to", "gre:198.18.0.2,key=1,truncate", "--to", "erspan2:198.18.0.2,session=1,snap=256",
        ])
        let report = try decapReport(["--read", encapsulated, "--write", inner])
        for source in try #require(report["sources"] as? [[String: Any]]) { #expect(source["truncated"] as? Int == 1) }
        for (record, frame) in try CaptureFiles.read(inner) {
            #expect(record.originalLength == 9000 && frame == Array(jumbo.prefix(frame.count)))
        }
    }

    @Test func decapWithoutASourceOrWithAnUnknownListenerFailsWithAReason() throws {
        let none = try ExternalTool.run(try ExternalTool.tapctl, ["decap", "--write", path("x.pcap")])
        #expect(none.status != 0 && none.standardError.contains("--read"))
        let bad = try ExternalTool.run(
            try ExternalTool.tapctl,
            ["decap", "--listen", "ipx:1.2.3.4", "--write", path("x.pcap")]
        )
        #expect(bad.status != 0 && bad.standardError.contains("--listen ipx:1.2.3.4"))
    }
}
