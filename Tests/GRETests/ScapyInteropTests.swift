import Foundation
import GRE
import NetworkTypes
import PacketCore
import TapVocabulary
import Testing

/// GRE/TEB (with and without checksum, key, sequence), ERSPAN II/III, VXLAN
/// and GRE-in-UDP against Scapy, in both directions.
@Suite struct ScapyInteropTests {
    static let timestamp = CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 123_456_700)
    static var erspanTicks: UInt32 { UInt32(truncatingIfNeeded: UInt64(timestamp.totalNanoseconds) / 100) }

    /// What Scapy should build for `encapsulation` carrying `inner`.
    static func spec(
        _ encapsulation: TunnelEncapsulation,
        ipv6: Bool,
        inner: [UInt8],
        sequence: UInt32
    ) -> [String: Any] {
        var c: [String: Any] = [
            "src": ipv6 ? "2001:db8::1" : "198.18.0.1", "dst": ipv6 ? "2001:db8::2" : "198.18.0.2",
            "ttl": 61, "dscp": 10, "inner": inner.hex, "sport": Int(TunnelEncoder.udpSourcePort(flowHash: 0x1234_5678)),
        ]
        c["kind"] = encapsulation.name
        switch encapsulation {
        case .gre(let key, let withSequence, let checksum, _), .greInUDP(let key, let withSequence, let checksum, _):
            c["key"] = key.map { Int($0) } ?? NSNull()
            c["seq"] = withSequence ? Int(sequence) : NSNull()
            c["csum"] = checksum
        case .erspanType2(let session, let index):
            c.merge(["session": Int(session), "index": Int(index), "t": 0, "seq": Int(sequence)]) { $1 }
        case .erspanType3(let session, let hardwareID):
            c.merge([
                "session": Int(session), "hw": Int(hardwareID), "t": 0, "seq": Int(sequence),
                "timestamp": Int(erspanTicks),
            ]) { $1 }
        case .vxlan(let vni, _), .geneve(let vni, _):
            c["vni"] = Int(vni)
        }
        return c
    }

    static let cases: [(TunnelEncapsulation, Bool)] = TunnelFixtures.encapsulations.flatMap {
        [($0, false), ($0, true)]
    }

    @Test func packetsScapyBuildsAreDecodedFieldForField() throws {
        let inner = TunnelFixtures.ethernetUDP(length: 300)
        let specs = Self.cases.map { Self.spec($0.0, ipv6: $0.1, inner: inner, sequence: 77) }
        let answer = try ScapyPeer.call(["mode": "build", "cases": specs])
        let packets = try #require(answer["packets"] as? [String])
        #expect(packets.count == specs.count)
        for ((encapsulation, ipv6), hex) in zip(Self.cases, packets) {
            let bytes = [UInt8](hex: hex)
            var decoded = DecapsulatedPacket()
            let status = try TunnelDecoder().decode(bytes.span.bytes, linkType: .raw, into: &decoded)
            let label = "\(encapsulation) ipv6=\(ipv6)"
            #expect(status == .decapsulated, "\(label)")
            #expect(Array(bytes[decoded.innerRange]) == inner, "inner frame of \(label)")
            #expect(decoded.kind.description == encapsulation.name, "\(label)")
            #expect(decoded.outerSource == (ipv6 ? TunnelFixtures.source6 : TunnelFixtures.source4), "\(label)")
            #expect(decoded.outerTimeToLive == 61, "\(label)")
            switch encapsulation {
            case .gre(let key, let sequence, let checksum, _), .greInUDP(let key, let sequence, let checksum, _):
                #expect(decoded.key == key && decoded.sequenceNumber == (sequence ? 77 : nil), "\(label)")
                #expect(decoded.greChecksumPresent == checksum, "\(label)")
                if encapsulation.usesUDP {
                    #expect(decoded.udpSourcePort == TunnelEncoder.udpSourcePort(flowHash: 0x1234_5678), "\(label)")
                }
            case .erspanType2(let session, let index):
                #expect(decoded.sessionID == session && decoded.erspanType2?.index == index, "\(label)")
                #expect(decoded.sequenceNumber == 77 && decoded.truncatedFlag == false, "\(label)")
            case .erspanType3(let session, let hardwareID):
                #expect(decoded.sessionID == session && decoded.erspanType3?.hardwareID == hardwareID, "\(label)")
                #expect(decoded.erspanType3?.timestamp == Self.erspanTicks && decoded.erspanType3?.granularity == 1)
            case .vxlan(let vni, _), .geneve(let vni, _):
                #expect(decoded.vni == vni, "\(label)")
            }
        }
    }

    /// Geneve as Open vSwitch/OVN sends it: options (OVN's class 0x0102), IPv4 and IPv6 outer headers.
    /// Options without the critical bit are skipped; a critical option, an OAM packet and a version we
    /// do not know are never delivered as a frame.
    @Test func scapyBuiltGeneveWithOptionsDecapsulatesToTheSameFrames() throws {
        let inner = TunnelFixtures.ethernetUDP(length: 260, seed: 9)
        let optionSets: [[[Any]]] = [
            [], [[0x0102, 0x05, "00010002"]],
            [[0x0102, 0x05, "0001000200030004"], [0x0103, 0x7F, ""], [0xFFFF, 0x01, "abcdef01"]],
        ]
        var specs: [[String: Any]] = []
        for ipv6 in [false, true] {
            for options in optionSets {
                var c = Self.spec(.geneve(vni: 4242), ipv6: ipv6, inner: inner, sequence: 0)
                c["options"] = options
                specs.append(c)
            }
        }
        var critical = Self.spec(.geneve(vni: 5), ipv6: false, inner: inner, sequence: 0)
        critical["options"] = [[0x0102, 0x85, "00000001"]]
        var oam = Self.spec(.geneve(vni: 6), ipv6: false, inner: inner, sequence: 0)
        oam["oam"] = 1
        var ipInner = Self.spec(.geneve(vni: 7), ipv6: false, inner: Array(inner[14...]), sequence: 0)
        ipInner["proto"] = 0x0800
        let answer = try ScapyPeer.call(["mode": "build", "cases": specs + [critical, oam, ipInner]])
        let packets = try #require(answer["packets"] as? [String]).map { [UInt8](hex: $0) }
        #expect(packets.count == specs.count + 3)
        for (index, bytes) in packets.prefix(specs.count).enumerated() {
            var decoded = DecapsulatedPacket()
            let status = try TunnelDecoder().decode(bytes.span.bytes, linkType: .raw, into: &decoded)
            #expect(status == .decapsulated && decoded.kind == .geneve && decoded.vni == 4242, "case \(index)")
            #expect(Array(bytes[decoded.innerRange]) == inner, "inner frame of case \(index)")
            #expect(decoded.innerLinkType == .ethernet, "case \(index)")
        }
        func decode(_ bytes: [UInt8], into decoded: inout DecapsulatedPacket) -> Result<TunnelDecodeStatus, WireError> {
            Result { () throws(WireError) in
                try TunnelDecoder().decode(bytes.span.bytes, linkType: .raw, into: &decoded)
            }
        }
        var decoded = DecapsulatedPacket()
        // The critical option's type byte: outer IPv4 (20) + UDP (8) + Geneve (8) + class (2).
        #expect(
            decode(packets[specs.count], into: &decoded)
                == .failure(WireError(code: .unsupported, layer: .geneve, offset: 38))
        )
        #expect(decode(packets[specs.count + 1], into: &decoded) == .success(.notTunnel))
        #expect(decode(packets[specs.count + 2], into: &decoded) == .success(.decapsulated))
        #expect(
            decoded.innerLinkType == .raw && Array(packets[specs.count + 2][decoded.innerRange]) == Array(inner[14...])
        )
    }

    @Test func scapyBuiltERSPANWithTheTBitIsSeenAsTruncated() throws {
        var spec2 = Self.spec(.erspanType2(sessionID: 5), ipv6: false, inner: TunnelFixtures.ethernetUDP(), sequence: 1)
        spec2["t"] = 1
        var spec3 = Self.spec(.erspanType3(sessionID: 6), ipv6: false, inner: TunnelFixtures.ethernetUDP(), sequence: 1)
        spec3["t"] = 1
        let answer = try ScapyPeer.call(["mode": "build", "cases": [spec2, spec3]])
        for hex in try #require(answer["packets"] as? [String]) {
            let bytes = [UInt8](hex: hex)
            var decoded = DecapsulatedPacket()
            _ = try TunnelDecoder().decode(bytes.span.bytes, linkType: .raw, into: &decoded)
            #expect(decoded.truncatedFlag)
        }
    }

    @Test func packetsWeBuildAreParsedByScapyFieldForField() throws {
        let inner = TunnelFixtures.ethernetUDP(length: 300)
        var ours: [[UInt8]] = []
        for (encapsulation, ipv6) in Self.cases {
            var encoder = TunnelEncoder(
                destination: TunnelFixtures.destination(encapsulation, ipv6: ipv6),
                initialSequence: 77
            )
            ours.append(TunnelFixtures.encode(&encoder, inner, timestamp: Self.timestamp).1[0])
        }
        let answer = try ScapyPeer.call(["mode": "parse", "packets": ours.map(\.hex)])
        let parsed = try #require(answer["packets"] as? [[String: Any]])
        for ((encapsulation, ipv6), fields) in zip(Self.cases, parsed) {
            let label = "\(encapsulation) ipv6=\(ipv6)"
            #expect(fields["inner"] as? String == inner.hex, "inner frame of \(label)")
            #expect(fields["kind"] as? String == encapsulation.name, "\(label)")
            #expect(fields["src"] as? String == (ipv6 ? "2001:db8::1" : "198.18.0.1"), "\(label)")
            #expect(fields["ttl"] as? Int == 61 && fields["dscp"] as? Int == 10, "\(label)")
            if !ipv6 { #expect(fields["ip_checksum_ok"] as? Bool == true, "\(label)") }
            if let ok = fields["udp_checksum_ok"] as? Bool { #expect(ok, "UDP checksum of \(label)") }
            if ipv6 && encapsulation.usesUDP { #expect(fields["udp_checksum_ok"] as? Bool == true, "\(label)") }
            switch encapsulation {
            case .gre(let key, let sequence, let checksum, _), .greInUDP(let key, let sequence, let checksum, _):
                #expect((fields["key"] as? Int).map(UInt32.init) == key, "\(label)")
                #expect((fields["seq"] as? Int) == (sequence ? 77 : nil), "\(label)")
                #expect(fields["csum"] as? Bool == checksum && fields["gre_version"] as? Int == 0, "\(label)")
                if checksum { #expect(fields["gre_checksum_ok"] as? Bool == true, "GRE checksum of \(label)") }
                if encapsulation.usesUDP { #expect(fields["dport"] as? Int == 4754, "\(label)") }
            case .erspanType2(let session, let index):
                #expect(fields["ver"] as? Int == 1 && fields["session"] as? Int == Int(session), "\(label)")
                #expect(fields["index"] as? Int == Int(index) && fields["t"] as? Int == 0, "\(label)")
                #expect(fields["seq"] as? Int == 77 && fields["gre_proto"] as? Int == 0x88BE, "\(label)")
            case .erspanType3(let session, let hardwareID):
                #expect(fields["ver"] as? Int == 2 && fields["session"] as? Int == Int(session), "\(label)")
                #expect(fields["hw"] as? Int == Int(hardwareID) && fields["gra"] as? Int == 1, "\(label)")
                #expect(fields["timestamp"] as? Int == Int(Self.erspanTicks) && fields["o"] as? Int == 0, "\(label)")
                #expect(fields["seq"] as? Int == 77 && fields["gre_proto"] as? Int == 0x22EB, "\(label)")
            case .vxlan(let vni, _):
                #expect(fields["vni"] as? Int == Int(vni) && fields["vxlan_flags"] as? Int == 0x08, "\(label)")
                #expect(fields["dport"] as? Int == 4789, "\(label)")
                #expect((fields["sport"] as? Int ?? 0) >= 49_152, "\(label)")
            case .geneve(let vni, _):
                #expect(fields["vni"] as? Int == Int(vni) && fields["geneve_proto"] as? Int == 0x6558, "\(label)")
                #expect(fields["geneve_version"] as? Int == 0 && fields["geneve_options"] as? Int == 0, "\(label)")
                #expect(fields["dport"] as? Int == 6081 && (fields["sport"] as? Int ?? 0) >= 49_152, "\(label)")
            }
        }
    }

    @Test func truncatedERSPANWeBuildCarriesTheTBitForScapy() throws {
        var ours: [[UInt8]] = []
        for encapsulation in [TunnelEncapsulation.erspanType2(sessionID: 3), .erspanType3(sessionID: 4)] {
            var encoder = TunnelEncoder(destination: TunnelFixtures.destination(encapsulation))
            ours.append(TunnelFixtures.encode(&encoder, TunnelFixtures.ethernetUDP(length: 9000)).1[0])
        }
        let answer = try ScapyPeer.call(["mode": "parse", "packets": ours.map(\.hex)])
        for fields in try #require(answer["packets"] as? [[String: Any]]) {
            #expect(fields["t"] as? Int == 1)
            #expect(fields["ip_len"] as? Int == 1500)
        }
    }
}
