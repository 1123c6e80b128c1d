import NetworkTypes
import PacketCore
import TapVocabulary

/// Takes GRE (TEB, IPv4, IPv6), ERSPAN II/III, VXLAN and GRE-in-UDP packets
/// apart: outer link header (Ethernet with VLAN tags, Linux cooked, raw IP),
/// outer IPv4/IPv6 (extension headers walked), UDP, tunnel headers.
///
/// Guarantees:
/// - Never traps and never allocates: every length is checked before a field
///   is read; the result is an owned value.
/// - Hostile or damaged input throws a `WireError` naming the layer and the
///   byte offset; traffic that is simply not a tunnel returns `.notTunnel`.
/// - An outer IPv4 total length of 0 (a GSO/GRO super-frame captured on the
///   host) or an IPv6 payload length of 0 means "the rest of the bytes".
/// - GRE checksums are verified when present.
public struct TunnelDecoder: Sendable {
    /// UDP destination port recognised as VXLAN.
    public var vxlanPort: UInt16 = VXLANHeader.udpPort
    /// UDP destination port recognised as GRE-in-UDP.
    public var greInUDPPort: UInt16 = TunnelEncapsulation.greInUDPPort
    /// Most IPv6 extension headers or VLAN tags followed.
    public var maximumHeaderChain = 8

    public init() {}

    /// Decodes a captured packet that starts with a `linkType` header.
    public func decode(
        _ bytes: RawSpan, linkType: LinkType, into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        packet = DecapsulatedPacket()
        switch linkType {
        case .ethernet:
            guard bytes.byteCount >= 14 else { throw WireError(code: .truncated, layer: .ethernet, offset: 0) }
            var offset = 12
            var etherType = bytes.uint16BE(at: offset)
            var tags = 0
            while etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100 {
                tags += 1
                guard tags <= maximumHeaderChain else { throw WireError(code: .tooLarge, layer: .vlan, offset: offset) }
                guard bytes.byteCount >= offset + 6 else { throw WireError(code: .truncated, layer: .vlan, offset: offset) }
                offset += 4
                etherType = bytes.uint16BE(at: offset)
            }
            return try decodeNetwork(etherType: etherType, bytes, at: offset + 2, into: &packet)
        case .linuxCooked:
            guard bytes.byteCount >= 16 else { throw WireError(code: .truncated, layer: .linuxCooked, offset: 0) }
            return try decodeNetwork(etherType: bytes.uint16BE(at: 14), bytes, at: 16, into: &packet)
        case .raw, .ipv4, .ipv6:
            guard bytes.byteCount >= 1 else { throw WireError(code: .truncated, layer: .ipv4, offset: 0) }
            return try decodeIP(bytes, at: 0, into: &packet)
        default:
            throw WireError(code: .unsupported, layer: .ethernet, offset: 0)
        }
    }

    private func decodeNetwork(
        etherType: UInt16, _ bytes: RawSpan, at offset: Int, into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        switch etherType {
        case 0x0800, 0x86DD:
            guard bytes.byteCount > offset else { throw WireError(code: .truncated, layer: .ipv4, offset: offset) }
            return try decodeIP(bytes, at: offset, into: &packet)
        default:
            return .notTunnel
        }
    }

    /// Decodes an outer IPv4 or IPv6 packet starting at `offset`.
    public func decodeIP(
        _ bytes: RawSpan, at offset: Int, into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        guard offset >= 0, bytes.byteCount > offset else { throw WireError(code: .truncated, layer: .ipv4, offset: offset) }
        switch bytes.byteAt(offset) >> 4 {
        case 4: return try decodeIPv4(bytes, at: offset, into: &packet)
        case 6: return try decodeIPv6(bytes, at: offset, into: &packet)
        default: throw WireError(code: .malformed, layer: .ipv4, offset: offset)
        }
    }

    private func decodeIPv4(
        _ bytes: RawSpan, at offset: Int, into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        let available = bytes.byteCount - offset
        guard available >= 20 else { throw WireError(code: .truncated, layer: .ipv4, offset: offset) }
        let headerLength = Int(bytes.byteAt(offset) & 0x0F) * 4
        guard headerLength >= 20 else { throw WireError(code: .malformed, layer: .ipv4, offset: offset) }
        guard available >= headerLength else { throw WireError(code: .truncated, layer: .ipv4, offset: offset) }
        var total = Int(bytes.uint16BE(at: offset + 2))
        if total == 0 { total = available }  // GSO/GRO super-frame: the length is the capture's
        guard total >= headerLength else { throw WireError(code: .malformed, layer: .ipv4, offset: offset + 2) }
        guard total <= available else { throw WireError(code: .truncated, layer: .ipv4, offset: offset + 2) }
        packet.outerSource = .v4(IPv4Address(rawValue: bytes.uint32BE(at: offset + 12)))
        packet.outerDestination = .v4(IPv4Address(rawValue: bytes.uint32BE(at: offset + 16)))
        packet.outerTimeToLive = bytes.byteAt(offset + 8)
        let protocolNumber = bytes.byteAt(offset + 9)
        let flags = bytes.uint16BE(at: offset + 6)
        let fragmentOffset = Int(flags & 0x1FFF) * 8
        let more = flags & 0x2000 != 0
        let end = offset + total
        if more || fragmentOffset != 0 {
            guard protocolNumber == IPProtocolNumber.gre || protocolNumber == IPProtocolNumber.udp else { return .notTunnel }
            packet.fragmentIdentification = UInt32(bytes.uint16BE(at: offset + 4))
            packet.fragmentOffset = fragmentOffset
            packet.moreFragments = more
            packet.fragmentProtocol = protocolNumber
            packet.fragmentDataOffset = offset + headerLength
            packet.fragmentDataLength = total - headerLength
            return .fragment
        }
        return try decodeTransport(protocolNumber, bytes.extracting(0..<end), at: offset + headerLength, into: &packet)
    }

    private func decodeIPv6(
        _ bytes: RawSpan, at offset: Int, into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        let available = bytes.byteCount - offset
        guard available >= 40 else { throw WireError(code: .truncated, layer: .ipv6, offset: offset) }
        var payloadLength = Int(bytes.uint16BE(at: offset + 4))
        if payloadLength == 0 { payloadLength = available - 40 }  // jumbogram or GSO super-frame
        guard payloadLength <= available - 40 else { throw WireError(code: .truncated, layer: .ipv6, offset: offset + 4) }
        packet.outerSource = .v6(IPv6Address(rawValue: bytes.uint128BE(at: offset + 8)))
        packet.outerDestination = .v6(IPv6Address(rawValue: bytes.uint128BE(at: offset + 24)))
        packet.outerTimeToLive = bytes.byteAt(offset + 7)
        let end = offset + 40 + payloadLength
        var next = bytes.byteAt(offset + 6)
        var cursor = offset + 40
        var chain = 0
        while true {
            switch next {
            case IPProtocolNumber.hopByHop, IPProtocolNumber.ipv6Route, IPProtocolNumber.ipv6DestinationOptions:
                chain += 1
                guard chain <= maximumHeaderChain else { throw WireError(code: .tooLarge, layer: .ipv6Extension, offset: cursor) }
                guard end - cursor >= 8 else { throw WireError(code: .truncated, layer: .ipv6Extension, offset: cursor) }
                let length = (Int(bytes.byteAt(cursor + 1)) + 1) * 8
                guard end - cursor >= length else { throw WireError(code: .truncated, layer: .ipv6Extension, offset: cursor) }
                next = bytes.byteAt(cursor)
                cursor += length
            case IPProtocolNumber.ipv6Fragment:
                guard end - cursor >= 8 else { throw WireError(code: .truncated, layer: .ipv6Extension, offset: cursor) }
                let protocolNumber = bytes.byteAt(cursor)
                guard protocolNumber == IPProtocolNumber.gre || protocolNumber == IPProtocolNumber.udp else {
                    return .notTunnel
                }
                let field = bytes.uint16BE(at: cursor + 2)
                packet.fragmentOffset = Int(field & 0xFFF8)
                packet.moreFragments = field & 1 != 0
                packet.fragmentIdentification = bytes.uint32BE(at: cursor + 4)
                packet.fragmentProtocol = protocolNumber
                packet.fragmentDataOffset = cursor + 8
                packet.fragmentDataLength = end - cursor - 8
                return .fragment
            default:
                return try decodeTransport(next, bytes.extracting(0..<end), at: cursor, into: &packet)
            }
        }
    }

    private func decodeTransport(
        _ protocolNumber: UInt8, _ bytes: RawSpan, at offset: Int, into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        switch protocolNumber {
        case IPProtocolNumber.gre:
            try decodeGRE(bytes, at: offset, into: &packet)
            return .decapsulated
        case IPProtocolNumber.udp:
            guard bytes.byteCount - offset >= 8 else { throw WireError(code: .truncated, layer: .udp, offset: offset) }
            let port = bytes.uint16BE(at: offset + 2)
            guard port == vxlanPort || port == greInUDPPort else { return .notTunnel }
            let udpLength = Int(bytes.uint16BE(at: offset + 4))
            // A UDP length of 0 is allowed for IPv6 jumbograms and GSO super-frames.
            var end = bytes.byteCount
            if udpLength != 0 {
                guard udpLength >= 8 else { throw WireError(code: .malformed, layer: .udp, offset: offset + 4) }
                guard udpLength <= bytes.byteCount - offset else { throw WireError(code: .truncated, layer: .udp, offset: offset + 4) }
                end = offset + udpLength
            }
            packet.udpSourcePort = bytes.uint16BE(at: offset)
            try decodeUDPPayload(bytes.extracting(0..<end), at: offset + 8, destinationPort: port, into: &packet)
            return .decapsulated
        default:
            return .notTunnel
        }
    }

    /// Decodes a UDP payload received on `destinationPort` (VXLAN or GRE-in-UDP),
    /// e.g. from a UDP socket. The tunnel ends at the end of `bytes`.
    public func decodeUDPPayload(
        _ bytes: RawSpan, at offset: Int, destinationPort: UInt16, into packet: inout DecapsulatedPacket
    ) throws(WireError) {
        if destinationPort == greInUDPPort {
            try decodeGRE(bytes, at: offset, into: &packet)
            packet.kind = packet.kind == .gre ? .greInUDP : packet.kind
            return
        }
        let header = try VXLANHeader(decoding: bytes, at: offset)
        packet.kind = .vxlan
        packet.vni = header.vni
        packet.innerOffset = offset + VXLANHeader.encodedLength
        packet.innerLength = bytes.byteCount - packet.innerOffset
        packet.innerLinkType = .ethernet
    }

    /// Decodes a GRE packet (GRE header and payload, ending at the end of `bytes`)
    /// starting at `offset`, e.g. from a raw IPPROTO_GRE socket.
    public func decodeGRE(_ bytes: RawSpan, at offset: Int, into packet: inout DecapsulatedPacket) throws(WireError) {
        let header = try GREHeader(decoding: bytes, at: offset)
        if header.checksumPresent {
            var sum = InternetChecksum()
            sum.add(bytes: bytes.extracting(offset..<bytes.byteCount))
            guard sum.verifies else {
                throw WireError(code: .malformed, layer: .gre, offset: offset + GREHeader.checksumOffset)
            }
        }
        packet.greProtocol = header.protocolType
        packet.greChecksumPresent = header.checksumPresent
        packet.key = header.key
        packet.sequenceNumber = header.sequenceNumber
        var inner = offset + header.encodedLength
        switch header.protocolType {
        case GREHeader.transparentEthernetBridging:
            packet.kind = .gre
            packet.innerLinkType = .ethernet
        case 0x0800, 0x86DD:
            packet.kind = .gre
            packet.innerLinkType = .raw
        case GREHeader.erspanType2:
            let erspan = try ERSPANType2Header(decoding: bytes, at: inner)
            packet.kind = .erspanType2
            packet.erspanType2 = erspan
            packet.sessionID = erspan.sessionID
            packet.truncatedFlag = erspan.truncated
            packet.innerLinkType = .ethernet
            inner += ERSPANType2Header.encodedLength
        case GREHeader.erspanType3:
            let erspan = try ERSPANType3Header(decoding: bytes, at: inner)
            packet.kind = .erspanType3
            packet.erspanType3 = erspan
            packet.sessionID = erspan.sessionID
            packet.truncatedFlag = erspan.truncated
            packet.innerLinkType = erspan.frameType == 2 ? .raw : .ethernet
            inner += erspan.encodedLength
        default:
            throw WireError(code: .unsupported, layer: .gre, offset: offset + 2)
        }
        packet.innerOffset = inner
        packet.innerLength = bytes.byteCount - inner
    }
}
