import NetworkTypes
import Testing

@testable import PacketCore

@Suite struct PacketDecoderTests {
    let decoder = PacketDecoder()

    func decode(_ bytes: [UInt8], wireLength: Int? = nil) throws(WireError) -> DecodedPacket {
        let (packet, failure) = decoder.decode(bytes[...], wireLength: wireLength)
        if let failure { throw failure }
        return packet
    }

    /// Decodes and returns the error, or nil.
    func decodeError(_ bytes: [UInt8], wireLength: Int? = nil) -> WireError? {
        do throws(WireError) {
            _ = try decode(bytes, wireLength: wireLength)
            return nil
        } catch { return error }
    }

    @Test(arguments: SampleFrames.all)
    func everySampleDecodesToItsLayers(sample: SampleFrames.Sample) throws {
        let packet = try decode(sample.bytes)
        #expect(packet.layers == sample.layers)
        #expect(!packet.isTruncated)
    }

    @Test func arpGivesSenderAndTargetAddresses() throws {
        let p = try decode(SampleFrames.arpRequest)
        #expect(p.destinationMAC == MACAddress(rawValue: 0xFFFF_FFFF_FFFF))
        #expect(p.sourceMAC == MACAddress(rawValue: 0x0200_0A01_0001))
        #expect(p.etherType == 0x0806 && p.networkOffset == 14)
        #expect(p.sourceAddress == .v4(IPv4Address(rawValue: 0xC612_0001)))
        #expect(p.destinationAddress == .v4(IPv4Address(rawValue: 0xC612_0002)))
    }

    @Test func vlanTaggedUDPFields() throws {
        let p = try decode(SampleFrames.vlanIPv4UDP)
        #expect(p.vlanCount == 1 && p.vlanID == 100 && p.vlanPriority == 5)
        #expect(p.etherType == 0x0800 && p.networkOffset == 18 && p.ipVersion == 4)
        #expect(p.ipLength == 32 && p.hopLimit == 64 && p.dontFragment && !p.moreFragments)
        #expect(p.fragmentIdentification == 0x1234 && p.ipProtocol == 17)
        #expect(p.transportOffset == 38 && p.sourcePort == 40000 && p.destinationPort == 53)
        #expect(p.payloadOffset == 46 && p.payloadLength == 4)
    }

    @Test func qinqTagsAndTCPOptions() throws {
        let p = try decode(SampleFrames.qinqIPv4TCPOptions)
        #expect(p.vlanCount == 2 && p.vlanID == 300 && p.innerVLANID == 42)
        #expect(p.networkOffset == 22 && p.hopLimit == 63 && p.ipProtocol == 6)
        #expect(p.sourcePort == 51000 && p.destinationPort == 443)
        #expect(p.tcpSequence == 1000 && p.tcpAcknowledgment == 0 && p.tcpFlags == 0x02)
        #expect(p.tcpHeaderLength == 40 && p.payloadOffset == 82 && p.payloadLength == 0)
    }

    @Test func ipv4OptionsMoveTheTransportHeader() throws {
        let p = try decode(SampleFrames.ipv4OptionsICMPEcho)
        #expect(p.transportOffset == Int32(14 + 24))
        #expect(p.icmpType == 8 && p.icmpCode == 0 && p.sourcePort == 8 && p.destinationPort == 0)
        #expect(p.hopLimit == 1 && p.payloadLength == 8)
    }

    @Test func ipv4FragmentsAreFlagged() throws {
        let first = try decode(SampleFrames.ipv4FirstFragmentUDP)
        #expect(first.moreFragments && first.fragmentOffset == 0 && first.fragmentIdentification == 0x4242)
        #expect(first.hasTransport && first.destinationPort == 700)
        let later = try decode(SampleFrames.ipv4LaterFragment)
        #expect(later.moreFragments && later.fragmentOffset == 24)
        #expect(!later.hasTransport && later.sourcePort == 0)
    }

    @Test func ipv6ExtensionHeadersReachTheUpperLayer() throws {
        let p = try decode(SampleFrames.ipv6ExtensionsTCP)
        #expect(p.ipVersion == 6 && p.trafficClass == 0x28 && p.flowLabel == 0x12345 && p.hopLimit == 64)
        #expect(p.ipLength == 102 && p.ipProtocol == 6)
        #expect(p.sourceAddress == .v6(IPv6Address(rawValue: UInt128(0x2001_0db8) << 96 | 1)))
        #expect(p.transportOffset == Int32(14 + 40 + 8 + 24 + 8))
        #expect(p.sourcePort == 34000 && p.destinationPort == 22 && p.tcpFlags == 0x18)
        #expect(p.payloadLength == 2)
    }

    @Test func ipv6FragmentHeaderIsDecoded() throws {
        let p = try decode(SampleFrames.ipv6FirstFragmentUDP)
        #expect(p.fragmentIdentification == 0xABCDEF && p.moreFragments && p.fragmentOffset == 0)
        #expect(p.ipProtocol == 17 && p.sourcePort == 5353 && p.transportOffset == Int32(14 + 48))
    }

    @Test func icmpv6TypeAndCode() throws {
        let p = try decode(SampleFrames.ipv6ICMPv6Echo)
        #expect(p.icmpType == 128 && p.icmpCode == 0 && p.payloadLength == 8)
    }

    @Test func otherLinkTypes() throws {
        let ipPacket = Array(SampleFrames.vlanIPv4UDP[18...])
        // Linux cooked capture (the "any" device): packet type, ARPHRD, address, protocol.
        let cooked: [UInt8] =
            [
                0x00, 0x00, 0x00, 0x01, 0x00, 0x06,  // to us, ARPHRD_ETHER, address length 6
                0x02, 0x00, 0x0a, 0x01, 0x00, 0x01, 0x00, 0x00,  // source address, padded to 8
                0x08, 0x00,  // protocol IPv4
            ] + ipPacket
        let decoder = PacketDecoder()
        let sll = try cooked.withUnsafeBytes { try decoder.decode($0.bytes, linkType: .linuxCooked) }
        #expect(sll.layers == [.linuxCooked, .ipv4, .udp] && sll.networkOffset == 16 && sll.destinationPort == 53)
        let raw = try ipPacket.withUnsafeBytes { try decoder.decode($0.bytes, linkType: .raw) }
        #expect(raw.layers == [.ipv4, .udp] && raw.networkOffset == 0 && raw.sourcePort == 40000)
        let v6 = Array(SampleFrames.ipv6ICMPv6Echo[14...])
        let raw6 = try v6.withUnsafeBytes { try decoder.decode($0.bytes, linkType: .ipv6) }
        #expect(raw6.layers == [.ipv6, .icmpv6] && raw6.icmpType == 128)
        #expect(throws: WireError.self) {
            try [UInt8](repeating: 0, count: 20).withUnsafeBytes { try decoder.decode($0.bytes, linkType: .raw) }
        }
        #expect(throws: WireError(code: .unsupported, layer: .link, offset: 0)) {
            try ipPacket.withUnsafeBytes { try decoder.decode($0.bytes, linkType: LinkType(rawValue: 147)) }
        }
    }

    // MARK: - Corrupt fields

    func corrupted(_ bytes: [UInt8], at index: Int, _ value: UInt8) -> [UInt8] {
        var copy = bytes
        copy[index] = value
        return copy
    }

    @Test(arguments: [UInt8(0x05), 0x55, 0x65, 0xF5])
    func wrongIPv4VersionIsMalformed(firstByte: UInt8) {
        let error = decodeError(corrupted(SampleFrames.vlanIPv4UDP, at: 18, firstByte))
        #expect(error == WireError(code: .malformed, layer: .ipv4, offset: 18))
    }

    @Test(arguments: [UInt8(0x40), 0x41, 0x44])
    func ipv4HeaderLengthBelowTwentyIsMalformed(firstByte: UInt8) {
        #expect(
            decodeError(corrupted(SampleFrames.vlanIPv4UDP, at: 18, firstByte))
                == WireError(code: .malformed, layer: .ipv4, offset: 18)
        )
    }

    @Test func wrongIPv6VersionIsMalformedAndNotCountedAsIPv6() throws {
        let bytes = corrupted(SampleFrames.ipv6ICMPv6Echo, at: 14, 0x40)
        #expect(decodeError(bytes) == WireError(code: .malformed, layer: .ipv6, offset: 14))
    }

    @Test(arguments: [UInt8(0x00), 0x10, 0x40])
    func tcpDataOffsetBelowFiveWordsIsMalformed(byte: UInt8) {
        // TCP header starts at 22 + 20 = 42; data offset is its byte 12.
        #expect(
            decodeError(corrupted(SampleFrames.qinqIPv4TCPOptions, at: 54, byte))
                == WireError(code: .malformed, layer: .tcp, offset: 54)
        )
    }

    @Test func tooManyVLANTagsIsTooLarge() {
        var bytes = SampleFrames.macHeader
        for _ in 0..<9 { bytes += [0x81, 0x00, 0x00, 0x01] }
        bytes += [0x08, 0x00] + [UInt8](repeating: 0, count: 20)
        #expect(decodeError(bytes)?.code == .tooLarge)
    }

    // MARK: - Lying lengths

    func withUInt16(_ bytes: [UInt8], at index: Int, _ value: UInt16) -> [UInt8] {
        var copy = bytes
        copy[index] = UInt8(value >> 8)
        copy[index + 1] = UInt8(value & 0xFF)
        return copy
    }

    @Test(arguments: [UInt16(10), 19, 33, 65535])
    func ipv4TotalLengthThatLiesIsMalformed(totalLength: UInt16) {
        #expect(
            decodeError(withUInt16(SampleFrames.vlanIPv4UDP, at: 20, totalLength))
                == WireError(code: .malformed, layer: .ipv4, offset: 20)
        )
    }

    @Test func ipv4TotalLengthZeroIsTakenAsOffload() throws {
        let p = try decode(withUInt16(SampleFrames.vlanIPv4UDP, at: 20, 0))
        #expect(p.layers.contains(.udp) && p.payloadLength == 4)
    }

    @Test(arguments: [UInt16(13), 63, 4000])
    func ipv6PayloadLengthThatExceedsTheFrameIsMalformed(payloadLength: UInt16) {
        #expect(
            decodeError(withUInt16(SampleFrames.ipv6ICMPv6Echo, at: 18, payloadLength))
                == WireError(code: .malformed, layer: .ipv6, offset: 18)
        )
    }

    @Test func ipv6PayloadLengthZeroIsAnEmptyPayload() {
        // ICMPv6 then has no room in the packet: its length contradicts the header.
        #expect(
            decodeError(withUInt16(SampleFrames.ipv6ICMPv6Echo, at: 18, 0))
                == WireError(code: .malformed, layer: .icmpv6, offset: 54)
        )
    }

    @Test(arguments: [UInt16(0), 3, 7, 13, 2000])
    func udpLengthThatLiesIsMalformed(length: UInt16) {
        #expect(
            decodeError(withUInt16(SampleFrames.vlanIPv4UDP, at: 42, length))
                == WireError(code: .malformed, layer: .udp, offset: 42)
        )
    }

    @Test func udpLengthOfAFirstFragmentMayExceedTheFragment() throws {
        #expect(try decode(SampleFrames.ipv6FirstFragmentUDP).layers.contains(.udp))
    }

    @Test func ipv6ExtensionHeaderLengthThatLiesIsMalformed() {
        // Routing header length byte (offset 14 + 40 + 8 + 1) claims 200 × 8 bytes.
        let bytes = corrupted(SampleFrames.ipv6ExtensionsTCP, at: 63, 200)
        #expect(decodeError(bytes) == WireError(code: .malformed, layer: .ipv6Extension, offset: 63))
    }

    @Test func tcpDataOffsetBeyondTheSegmentIsMalformed() {
        // 15 words = 60 bytes, the segment has 42.
        #expect(
            decodeError(corrupted(SampleFrames.ipv6ExtensionsTCP, at: 14 + 80 + 12, 0xF0))
                == WireError(code: .malformed, layer: .tcp, offset: 106)
        )
    }

    @Test func snapTruncationIsNotAnError() throws {
        let full = SampleFrames.qinqIPv4TCPOptions
        let p = try decode(Array(full.prefix(62)), wireLength: full.count)
        #expect(p.isTruncated && p.layers.contains(.tcp) && p.sourcePort == 51000)
        #expect(p.payloadOffset == nil)
    }

    @Test func aShortFrameThatIsNotSnapCutIsAnError() {
        let full = SampleFrames.qinqIPv4TCPOptions
        #expect(decodeError(Array(full.prefix(50)))?.layer == .ipv4)
    }

    // MARK: - Checksum verification

    @Test(arguments: SampleFrames.all.filter { $0.layers.contains(.ipv4) })
    func sampleIPv4HeaderChecksumsVerify(sample: SampleFrames.Sample) throws {
        let p = try decode(sample.bytes)
        let verdict = sample.bytes.withUnsafeBytes { p.verifiesIPv4HeaderChecksum(in: $0.bytes) }
        #expect(verdict == true)
    }

    @Test func aFlippedHeaderBitFailsTheChecksum() throws {
        let bytes = corrupted(SampleFrames.ipv4OptionsICMPEcho, at: 14 + 22, 0x95)  // inside the option
        let p = try decode(bytes)
        #expect(bytes.withUnsafeBytes { p.verifiesIPv4HeaderChecksum(in: $0.bytes) } == false)
    }

    @Test func checksumIsNilWithoutAWholeIPv4Header() throws {
        let v6 = try decode(SampleFrames.ipv6ICMPv6Echo)
        #expect(SampleFrames.ipv6ICMPv6Echo.withUnsafeBytes { v6.verifiesIPv4HeaderChecksum(in: $0.bytes) } == nil)
        let cut = Array(SampleFrames.ipv4OptionsICMPEcho.prefix(30))
        let p = try decode(cut, wireLength: SampleFrames.ipv4OptionsICMPEcho.count)
        #expect(cut.withUnsafeBytes { p.verifiesIPv4HeaderChecksum(in: $0.bytes) } == nil)
        // Given a shorter, unrelated frame: still no trap.
        let full = try decode(SampleFrames.ipv4OptionsICMPEcho)
        #expect(
            [UInt8](repeating: 0x46, count: 20).withUnsafeBytes { full.verifiesIPv4HeaderChecksum(in: $0.bytes) } == nil
        )
    }
}
