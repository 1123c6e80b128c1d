import GRE
import NetworkTypes
import PacketCore
import TapVocabulary
import Testing

@Suite struct TunnelCodecTests {
    static let cases: [(TunnelEncapsulation, Bool)] = TunnelFixtures.encapsulations.flatMap {
        [($0, false), ($0, true)]
    }

    @Test(arguments: cases)
    func encodedPacketsDecodeToTheSameFieldsAndFrame(encapsulation: TunnelEncapsulation, ipv6: Bool) throws {
        var encoder = TunnelEncoder(
            destination: TunnelFixtures.destination(encapsulation, ipv6: ipv6),
            initialSequence: 41
        )
        let frame = TunnelFixtures.ethernetUDP(length: 200)
        let (result, packets) = TunnelFixtures.encode(&encoder, frame)
        #expect(result.packetCount == 1 && !result.truncated && !result.fragmented)
        var decoded = DecapsulatedPacket()
        let packet0 = packets[0]
        let status = try TunnelDecoder().decode(packet0.span.bytes, linkType: .raw, into: &decoded)
        #expect(status == .decapsulated)
        #expect(Array(packets[0][decoded.innerRange]) == frame)
        #expect(decoded.outerSource == (ipv6 ? TunnelFixtures.source6 : TunnelFixtures.source4))
        #expect(decoded.outerTimeToLive == 61)
        switch encapsulation {
        case .gre(let key, let sequence, let checksum, _):
            #expect(decoded.kind == .gre && decoded.key == key && decoded.greChecksumPresent == checksum)
            #expect(decoded.sequenceNumber == (sequence ? 41 : nil))
        case .greInUDP(let key, let sequence, _, _):
            #expect(decoded.kind == .greInUDP && decoded.key == key && decoded.sequenceNumber == (sequence ? 41 : nil))
            #expect(decoded.udpSourcePort == TunnelEncoder.udpSourcePort(flowHash: 0x1234_5678))
        case .erspanType2(let session, let index):
            #expect(decoded.kind == .erspanType2 && decoded.sessionID == session && decoded.erspanType2?.index == index)
            #expect(decoded.sequenceNumber == 41 && !decoded.truncatedFlag)
        case .erspanType3(let session, let hardwareID):
            #expect(decoded.kind == .erspanType3 && decoded.sessionID == session)
            #expect(decoded.erspanType3?.hardwareID == hardwareID && decoded.erspanType3?.granularity == 1)
            #expect(
                decoded.erspanType3?.timestamp == UInt32(truncatingIfNeeded: UInt64(1_700_000_000_123_456_700) / 100)
            )
        case .vxlan(let vni, _), .geneve(let vni, _):
            #expect(decoded.kind == encapsulation.kind && decoded.vni == vni)
            #expect(decoded.udpSourcePort >= 49_152)
        }
        #expect(encoder.nextSequence == (decoded.sequenceNumber == nil ? 41 : 42))
    }

    @Test(arguments: TunnelFixtures.encapsulations)
    func everyTruncatedPrefixThrowsInsteadOfTrapping(encapsulation: TunnelEncapsulation) {
        var encoder = TunnelEncoder(destination: TunnelFixtures.destination(encapsulation))
        let (_, packets) = TunnelFixtures.encode(&encoder, TunnelFixtures.ethernetUDP(length: 64))
        let packet = packets[0]
        var decoded = DecapsulatedPacket()
        for length in 0..<packet.count {
            let prefix = Array(packet.prefix(length))
            #expect(throws: WireError.self) {
                _ = try TunnelDecoder().decode(prefix.span.bytes, linkType: .raw, into: &decoded)
            }
        }
    }

    @Test func tunnelHeadersCutShortThrowTruncatedAtTheirLayer() throws {
        // A GRE header announcing key and sequence but holding neither.
        #expect(throws: WireError(code: .truncated, layer: .gre, offset: 0)) {
            _ = try GREHeader(decoding: bytes([0x30, 0x00, 0x65, 0x58, 0, 0, 0, 1]))
        }
        #expect(throws: WireError(code: .truncated, layer: .erspan, offset: 12)) {  // O bit: subheader missing
            _ = try ERSPANType3Header(decoding: bytes([0x20, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0]))
        }
        #expect(throws: WireError(code: .truncated, layer: .vxlan, offset: 0)) {
            _ = try VXLANHeader(decoding: bytes([0x08, 0, 0, 0]))
        }
    }

    @Test func forbiddenGREFlagsAndVersionsAreRejected() {
        #expect(throws: WireError(code: .malformed, layer: .gre, offset: 0)) {
            _ = try GREHeader(decoding: bytes([0x40, 0x00, 0x65, 0x58, 0, 0, 0, 0]))  // routing bit
        }
        #expect(throws: WireError(code: .unsupported, layer: .gre, offset: 1)) {
            _ = try GREHeader(decoding: bytes([0x30, 0x01, 0x88, 0x0B, 0, 0, 0, 0, 0, 0, 0, 0]))  // PPTP v1
        }
        #expect(throws: WireError(code: .unsupported, layer: .erspan, offset: 0)) {
            _ = try ERSPANType2Header(decoding: bytes([0x20, 0, 0, 1, 0, 0, 0, 0]))
        }
        #expect(throws: WireError(code: .malformed, layer: .vxlan, offset: 0)) {
            _ = try VXLANHeader(decoding: bytes([0x00, 0, 0, 0, 0, 0, 1, 0]))  // I flag clear
        }
    }

    @Test func aCorruptedGREChecksumIsDetected() throws {
        var encoder = TunnelEncoder(destination: TunnelFixtures.destination(.gre(checksum: true)))
        var (_, packets) = TunnelFixtures.encode(&encoder, TunnelFixtures.ethernetUDP())
        packets[0][60] ^= 0x01
        var decoded = DecapsulatedPacket()
        #expect(throws: WireError(code: .malformed, layer: .gre, offset: 24)) {
            let packet0 = packets[0]
            _ = try TunnelDecoder().decode(packet0.span.bytes, linkType: .raw, into: &decoded)
        }
    }

    @Test(arguments: [false, true])
    func jumboFramesAreFragmentedAndReassembledUnderA1500MTU(ipv6: Bool) throws {
        for encapsulation in [
            TunnelEncapsulation.gre(key: 5, sequence: true), .erspanType3(sessionID: 3), .vxlan(vni: 9),
        ] {
            var encoder = TunnelEncoder(
                destination: TunnelFixtures.destination(encapsulation, ipv6: ipv6, oversize: .fragment)
            )
            let frame = TunnelFixtures.ethernetUDP(length: 9000)
            let (result, packets) = TunnelFixtures.encode(&encoder, frame)
            #expect(result.fragmented && !result.truncated && result.packetCount == 7)
            #expect(packets.allSatisfy { $0.count <= 1500 })
            var reassembler = FragmentReassembler()
            var decoded = DecapsulatedPacket()
            var completed = 0
            for packet in packets.reversed() {  // out of order on purpose
                let status = try TunnelDecoder().decode(packet.span.bytes, linkType: .raw, into: &decoded)
                #expect(status == .fragment)
                if try reassembler.add(packet.span.bytes, fragment: decoded, timestampNanoseconds: 1) {
                    completed += 1
                    let inner: [UInt8] = reassembler.withReassembled { whole in
                        var inner = DecapsulatedPacket()
                        let status = try? TunnelDecoder().decode(whole, linkType: .raw, into: &inner)
                        #expect(status == .decapsulated)
                        return (0..<inner.innerLength).map { whole.byteAt(inner.innerOffset + $0) }
                    }
                    #expect(inner == frame)
                }
            }
            #expect(completed == 1 && reassembler.reassembled == 1)
        }
    }

    @Test(arguments: [false, true])
    func jumboFramesAreTruncatedAndFlaggedUnderA1500MTU(ipv6: Bool) throws {
        var encoder = TunnelEncoder(destination: TunnelFixtures.destination(.erspanType2(sessionID: 1), ipv6: ipv6))
        let frame = TunnelFixtures.ethernetUDP(length: 9000)
        let (result, packets) = TunnelFixtures.encode(&encoder, frame)
        #expect(result.truncated && !result.fragmented && packets.count == 1 && packets[0].count == 1500)
        #expect(result.fullLength == 9000 + (ipv6 ? 40 : 20) + 16)
        var decoded = DecapsulatedPacket()
        let packet0 = packets[0]
        _ = try TunnelDecoder().decode(packet0.span.bytes, linkType: .raw, into: &decoded)
        #expect(decoded.truncatedFlag)
        #expect(Array(packets[0][decoded.innerRange]) == Array(frame.prefix(decoded.innerLength)))
    }

    @Test func aSnapLengthTruncatesAndSetsTheERSPANTBit() throws {
        var destination = TunnelFixtures.destination(.erspanType3(sessionID: 7))
        destination.snapLength = 256
        var encoder = TunnelEncoder(destination: destination)
        let (result, packets) = TunnelFixtures.encode(&encoder, TunnelFixtures.ethernetUDP(length: 1000))
        #expect(result.truncated && result.carriedLength == 256)
        var decoded = DecapsulatedPacket()
        let packet0 = packets[0]
        _ = try TunnelDecoder().decode(packet0.span.bytes, linkType: .raw, into: &decoded)
        #expect(decoded.truncatedFlag && decoded.innerLength == 256)
    }

    @Test func aSuperFrameBeyondTheLargestIPPacketIsTruncatedAndFlaggedNotCrashed() throws {
        var encoder = TunnelEncoder(destination: TunnelFixtures.destination(.gre(), oversize: .fragment))
        let frame =
            TunnelFixtures.ethernetUDP(length: 70_000 > 65_535 ? 65_000 : 0) + [UInt8](repeating: 7, count: 5000)
        let (result, packets) = TunnelFixtures.encode(&encoder, frame)
        #expect(result.truncated && result.fragmented)
        #expect(packets.reduce(0) { $0 + $1.count } > 65_000)
    }

    @Test func anOuterIPv4TotalLengthOfZeroIsTakenAsTheCapturedLength() throws {
        var encoder = TunnelEncoder(destination: TunnelFixtures.destination(.gre(key: 1)))
        var (_, packets) = TunnelFixtures.encode(&encoder, TunnelFixtures.ethernetUDP())
        packets[0][2] = 0
        packets[0][3] = 0
        var decoded = DecapsulatedPacket()
        let packet0 = packets[0]
        let status = try TunnelDecoder().decode(packet0.span.bytes, linkType: .raw, into: &decoded)
        #expect(status == .decapsulated)
        #expect(decoded.innerLength == 128)
    }

    @Test func greCarryingIPv4DecapsulatesToARawIPFrame() throws {
        var encoder = TunnelEncoder(destination: TunnelFixtures.destination(.gre(protocolType: 0x0800)))
        let ipPacket = Array(TunnelFixtures.ethernetUDP().dropFirst(14))
        let (_, packets) = TunnelFixtures.encode(&encoder, ipPacket)
        var decoded = DecapsulatedPacket()
        let packet0 = packets[0]
        _ = try TunnelDecoder().decode(packet0.span.bytes, linkType: .raw, into: &decoded)
        #expect(decoded.innerLinkType == .raw && Array(packets[0][decoded.innerRange]) == ipPacket)
    }

    @Test func trafficThatIsNotATunnelIsReportedAsSuch() throws {
        let frame = TunnelFixtures.ethernetUDP()
        var decoded = DecapsulatedPacket()
        let status = try TunnelDecoder().decode(frame.span.bytes, linkType: .ethernet, into: &decoded)
        #expect(status == .notTunnel)
    }
}

private func bytes(_ values: [UInt8]) -> RawSpan { values.span.bytes }
