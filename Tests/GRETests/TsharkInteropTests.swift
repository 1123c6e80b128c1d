import Foundation
import GRE
import NetworkTypes
import PacketCore
import TapVocabulary
import TestSupport
import Testing

/// tshark decodes every encapsulation we write, field for field.
@Suite(.tags(.interop), .interopTier) struct TsharkInteropTests {
    static let fields = [
        "frame.protocols", "gre.flags.checksum", "gre.checksum.status", "gre.key", "gre.sequence_number",
        "erspan.version", "erspan.spanid", "erspan.truncated", "erspan.index", "erspan.timestamp", "erspan.hw",
        "vxlan.vni", "geneve.vni", "geneve.proto_type", "geneve.version", "udp.dstport", "eth.src", "eth.dst",
        "udp.payload",
    ]

    /// Writes `packets` to a LINKTYPE_RAW pcap and returns tshark's fields, one dictionary per frame.
    static func tsharkFields(_ packets: [[UInt8]]) throws -> [[String: String]] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vtgr-tshark-\(UUID().uuidString).pcap"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try PcapWriter(path: path, header: PcapFileHeader(linkType: .raw))
        for packet in packets { try writer.write(packet, timestamp: CaptureTimestamp(seconds: 1, nanoseconds: 0)) }
        try writer.close()
        var arguments = [
            "-r", path, "-d", "udp.port==4754,gre",
            "-T", "fields", "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,",
        ]
        for field in fields { arguments += ["-e", field] }
        let output = try ExternalTool.run("/usr/bin/tshark", arguments)
        #expect(output.status == 0, "tshark: \(output.standardError)")
        return output.standardOutput.split(separator: "\n").map { line in
            let values = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            var row: [String: String] = [:]
            for (field, value) in zip(fields, values) { row[field] = value }
            return row
        }
    }

    @Test func tsharkDecodesEveryEncapsulationWeWrite() throws {
        let inner = TunnelFixtures.ethernetUDP(length: 200)
        let cases = TunnelFixtures.encapsulations.flatMap { [($0, false), ($0, true)] }
        var packets: [[UInt8]] = []
        for (encapsulation, ipv6) in cases {
            var encoder = TunnelEncoder(
                destination: TunnelFixtures.destination(encapsulation, ipv6: ipv6),
                initialSequence: 5
            )
            packets.append(TunnelFixtures.encode(&encoder, inner).1[0])
        }
        let rows = try Self.tsharkFields(packets)
        #expect(rows.count == cases.count)
        let innerPayload = inner[42...].map { String(format: "%02x", $0) }.joined()
        for ((encapsulation, ipv6), row) in zip(cases, rows) {
            let label = "\(encapsulation) ipv6=\(ipv6): \(row)"
            let protocols = row["frame.protocols"] ?? ""
            // The inner Ethernet frame was found and walked down to its UDP payload.
            #expect(row["eth.src"] == "52:54:00:ab:cd:ef" && row["eth.dst"] == "52:54:00:12:34:56", "\(label)")
            #expect(
                row["udp.payload"]?.split(separator: ",").last.map(String.init) == innerPayload,
                "inner payload of \(label)"
            )
            switch encapsulation {
            case .gre(let key, let sequence, let checksum, _), .greInUDP(let key, let sequence, let checksum, _):
                #expect(protocols.contains(encapsulation.usesUDP ? "udp:gre:eth" : "gre:eth"), "\(label)")
                #expect(row["gre.key"] == (key.map { String(format: "0x%08x", $0) } ?? ""), "\(label)")
                #expect(row["gre.sequence_number"] == (sequence ? "5" : ""), "\(label)")
                #expect(row["gre.flags.checksum"] == (checksum ? "1" : "0"), "\(label)")
                // Wireshark's checksum status 1 is "Good".
                if checksum { #expect(row["gre.checksum.status"] == "1", "GRE checksum good in \(label)") }
            case .erspanType2(let session, let index):
                #expect(protocols.contains("gre:erspan:eth"), "\(label)")
                #expect(row["erspan.version"] == "1" && row["erspan.spanid"] == "\(session)", "\(label)")
                #expect(row["erspan.index"] == "\(index)" && row["erspan.truncated"] == "0", "\(label)")
                #expect(row["gre.sequence_number"] == "5", "\(label)")
            case .erspanType3(let session, let hardwareID):
                #expect(protocols.contains("gre:erspan:eth"), "\(label)")
                #expect(row["erspan.version"] == "2" && row["erspan.spanid"] == "\(session)", "\(label)")
                #expect(row["erspan.hw"] == "\(hardwareID)" && row["erspan.truncated"] == "0", "\(label)")
                let ticks = UInt32(truncatingIfNeeded: UInt64(1_700_000_000_123_456_700) / 100)
                #expect(row["erspan.timestamp"] == "\(ticks)", "\(label)")
            case .vxlan(let vni, _):
                #expect(protocols.contains("udp:vxlan:eth"), "\(label)")
                #expect(row["vxlan.vni"] == "\(vni)", "\(label)")
            case .geneve(let vni, _):
                #expect(protocols.contains("udp:geneve:eth"), "\(label)")
                #expect(row["geneve.vni"] == String(format: "0x%06x", vni) || row["geneve.vni"] == "\(vni)", "\(label)")
                #expect(row["geneve.proto_type"] == "0x6558" && row["geneve.version"] == "0", "\(label)")
            }
        }
    }

    @Test func tsharkSeesTheTBitOfTruncatedERSPAN() throws {
        var packets: [[UInt8]] = []
        for encapsulation in [TunnelEncapsulation.erspanType2(sessionID: 3), .erspanType3(sessionID: 4)] {
            var encoder = TunnelEncoder(destination: TunnelFixtures.destination(encapsulation))
            packets.append(TunnelFixtures.encode(&encoder, TunnelFixtures.ethernetUDP(length: 9000)).1[0])
        }
        for row in try Self.tsharkFields(packets) { #expect(row["erspan.truncated"] == "1", "\(row)") }
    }
}
