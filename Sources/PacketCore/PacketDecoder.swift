import NetworkTypes

/// Walks a frame from its link layer to its deepest layer (Ethernet → 802.1Q /
/// 802.1ad tags → ARP | IPv4 | IPv6 (+ extension headers) → TCP | UDP | ICMP |
/// ICMPv6) and fills a `DecodedPacket`.
///
/// Guarantees:
/// - Never traps on any input: every length is validated before a field is read.
/// - Never allocates: the result is an owned trivially-copyable value.
/// - A frame that ends early because the capture's snap length cut it
///   (`capturedLength < wireLength`) is not an error: decoding stops there and
///   `isTruncated` is set. A frame whose own headers contradict its size throws
///   a `WireError` naming the layer and byte offset; the `DecodedPacket` keeps
///   everything decoded before that point.
public struct PacketDecoder: Sendable {
    /// Most VLAN tags followed before giving up (`.tooLarge`).
    public var maximumVLANTags = 8
    /// Most IPv6 extension headers followed before giving up (`.tooLarge`).
    public var maximumIPv6ExtensionHeaders = 16

    public init() {}

    /// Decodes `frame` into `packet` (which is reset first).
    ///
    /// - Parameters:
    ///   - linkType: what the frame starts with.
    ///   - wireLength: the frame's original length (pcap `orig_len`); when larger
    ///     than the bytes given, running out of bytes means snap-length truncation.
    @inlinable
    public func decode(
        _ frame: RawSpan,
        linkType: LinkType = .ethernet,
        wireLength: Int? = nil,
        into packet: inout DecodedPacket
    ) throws(WireError) {
        packet = DecodedPacket()
        let captured = frame.byteCount
        packet.capturedLength = Int32(truncatingIfNeeded: captured)
        let wire = max(wireLength ?? captured, captured)
        packet.wireLength = Int32(truncatingIfNeeded: wire)
        let snapCut = wire > captured
        switch linkType {
        case .ethernet:
            try decodeEthernet(frame, snapCut: snapCut, into: &packet)
        case .raw, .ipv4, .ipv6:
            guard captured >= 1 else {
                if snapCut { packet.isTruncated = true; return }
                throw WireError(code: .truncated, layer: .ipv4, offset: 0)
            }
            let version = frame.byteAt(0) >> 4
            if version == 4 {
                try decodeIPv4(frame, at: 0, snapCut: snapCut, into: &packet)
            } else if version == 6 {
                try decodeIPv6(frame, at: 0, snapCut: snapCut, into: &packet)
            } else {
                throw WireError(code: .malformed, layer: .ipv4, offset: 0)
            }
        case .linuxCooked:
            guard captured >= 16 else {
                if snapCut { packet.isTruncated = true; return }
                throw WireError(code: .truncated, layer: .linuxCooked, offset: 0)
            }
            packet.layers.insert(.linuxCooked)
            try decodeEtherType(frame.uint16BE(at: 14), frame, at: 16, snapCut: snapCut, into: &packet)
        default:
            throw WireError(code: .unsupported, layer: .ethernet, offset: 0)
        }
    }

    /// Decodes and returns a fresh `DecodedPacket`.
    @inlinable
    public func decode(_ frame: RawSpan, linkType: LinkType = .ethernet, wireLength: Int? = nil)
        throws(WireError) -> DecodedPacket
    {
        var packet = DecodedPacket()
        try decode(frame, linkType: linkType, wireLength: wireLength, into: &packet)
        return packet
    }

    // MARK: - Link layer

    @usableFromInline
    func decodeEthernet(_ frame: RawSpan, snapCut: Bool, into p: inout DecodedPacket) throws(WireError) {
        p.layers.insert(.ethernet)
        guard frame.byteCount >= 14 else {
            if snapCut { p.isTruncated = true; return }
            throw WireError(code: .truncated, layer: .ethernet, offset: 0)
        }
        p.destinationMAC = MACAddress(rawValue: frame.uint48BE(at: 0))
        p.sourceMAC = MACAddress(rawValue: frame.uint48BE(at: 6))
        var offset = 12
        var type = frame.uint16BE(at: offset)
        offset += 2
        while type == EtherType.vlan || type == EtherType.qinq || type == EtherType.qinqLegacy {
            guard Int(p.vlanCount) < maximumVLANTags else {
                throw WireError(code: .tooLarge, layer: .vlan, offset: offset)
            }
            p.layers.insert(.vlan)
            guard frame.byteCount >= offset + 4 else {
                if snapCut { p.isTruncated = true; return }
                throw WireError(code: .truncated, layer: .vlan, offset: offset)
            }
            let tci = frame.uint16BE(at: offset)
            if p.vlanCount == 0 {
                p.vlanID = tci & 0x0FFF
                p.vlanPriority = UInt8(truncatingIfNeeded: tci >> 13)
            } else if p.vlanCount == 1 {
                p.innerVLANID = tci & 0x0FFF
                p.layers.insert(.qinq)
            }
            p.vlanCount &+= 1
            type = frame.uint16BE(at: offset + 2)
            offset += 4
        }
        try decodeEtherType(type, frame, at: offset, snapCut: snapCut, into: &p)
    }

    @usableFromInline
    func decodeEtherType(_ type: UInt16, _ frame: RawSpan, at offset: Int, snapCut: Bool, into p: inout DecodedPacket)
        throws(WireError)
    {
        p.etherType = type
        switch type {
        case EtherType.ipv4:
            try decodeIPv4(frame, at: offset, snapCut: snapCut, into: &p)
        case EtherType.ipv6:
            try decodeIPv6(frame, at: offset, snapCut: snapCut, into: &p)
        case EtherType.arp:
            try decodeARP(frame, at: offset, snapCut: snapCut, into: &p)
        default:
            return  // another EtherType (LLDP, MPLS, ...): the frame ends at layer 2 for us
        }
    }

    @usableFromInline
    func decodeARP(_ frame: RawSpan, at offset: Int, snapCut: Bool, into p: inout DecodedPacket) throws(WireError) {
        p.networkOffset = Int32(truncatingIfNeeded: offset)
        p.layers.insert(.arp)
        guard frame.byteCount >= offset + 8 else {
            if snapCut { p.isTruncated = true; return }
            throw WireError(code: .truncated, layer: .arp, offset: offset)
        }
        let hardwareLength = Int(frame.byteAt(offset + 4))
        let protocolLength = Int(frame.byteAt(offset + 5))
        let needed = offset + 8 + 2 * (hardwareLength + protocolLength)
        guard frame.byteCount >= needed else {
            if snapCut { p.isTruncated = true; return }
            throw WireError(code: .truncated, layer: .arp, offset: offset)
        }
        // Ethernet/IPv4 ARP: expose the sender and target protocol addresses.
        if hardwareLength == 6 && protocolLength == 4 && frame.uint16BE(at: offset + 2) == EtherType.ipv4 {
            p.sourceAddress = .v4(IPv4Address(rawValue: frame.uint32BE(at: offset + 14)))
            p.destinationAddress = .v4(IPv4Address(rawValue: frame.uint32BE(at: offset + 24)))
        }
    }

    // MARK: - Network layer

    @usableFromInline
    func decodeIPv4(_ frame: RawSpan, at offset: Int, snapCut: Bool, into p: inout DecodedPacket) throws(WireError) {
        p.networkOffset = Int32(truncatingIfNeeded: offset)
        let available = frame.byteCount - offset
        // Bytes of the packet on the wire (the capture may hold fewer).
        let wireAvailable = Int(p.wireLength) - offset
        guard available >= 1 else {
            if snapCut { p.isTruncated = true; return }
            throw WireError(code: .truncated, layer: .ipv4, offset: offset)
        }
        let versionAndLength = frame.byteAt(offset)
        guard versionAndLength >> 4 == 4 else { throw WireError(code: .malformed, layer: .ipv4, offset: offset) }
        p.layers.insert(.ipv4)
        p.ipVersion = 4
        let headerLength = Int(versionAndLength & 0x0F) &* 4
        guard headerLength >= 20 else { throw WireError(code: .malformed, layer: .ipv4, offset: offset) }
        guard available >= 20 else {
            if snapCut { p.isTruncated = true; return }
            throw WireError(code: .truncated, layer: .ipv4, offset: offset)
        }
        let header = frame.extracting(offset..<(offset + 20))
        let totalLength = Int(header.uint16BE(at: 2))
        p.trafficClass = header.byteAt(1)
        p.ipLength = Int32(totalLength)
        p.hopLimit = header.byteAt(8)
        p.ipProtocol = header.byteAt(9)
        p.sourceAddress = .v4(IPv4Address(rawValue: header.uint32BE(at: 12)))
        p.destinationAddress = .v4(IPv4Address(rawValue: header.uint32BE(at: 16)))
        // A total length of 0 is what offload (TSO/GSO) super-frames carry:
        // the packet then ends with the frame.
        let effectiveTotal = totalLength == 0 ? wireAvailable : totalLength
        guard effectiveTotal >= headerLength else { throw WireError(code: .malformed, layer: .ipv4, offset: offset + 2) }
        p.fragmentIdentification = UInt32(header.uint16BE(at: 4))
        let flagsAndOffset = header.uint16BE(at: 6)
        p.dontFragment = flagsAndOffset & 0x4000 != 0
        p.moreFragments = flagsAndOffset & 0x2000 != 0
        p.fragmentOffset = (flagsAndOffset & 0x1FFF) &* 8
        if p.moreFragments || p.fragmentOffset != 0 { p.layers.insert(.fragment) }
        // The fragment fields above are still reported when the length lies.
        guard effectiveTotal <= wireAvailable else { throw WireError(code: .malformed, layer: .ipv4, offset: offset + 2) }
        guard available >= headerLength else {
            if snapCut { p.isTruncated = true; return }
            throw WireError(code: .truncated, layer: .ipv4, offset: offset)
        }
        var end = offset + effectiveTotal
        if effectiveTotal > available {
            p.isTruncated = true  // effectiveTotal <= wireAvailable: the snap length cut it
            end = frame.byteCount
        }
        guard p.fragmentOffset == 0 else { return }  // no transport header in later fragments
        guard effectiveTotal > headerLength else { return }  // an empty payload has no transport header
        try decodeTransport(
            p.ipProtocol, frame, from: offset + headerLength, to: end, reportedEnd: offset + effectiveTotal,
            into: &p)
    }

    @usableFromInline
    func decodeIPv6(_ frame: RawSpan, at offset: Int, snapCut: Bool, into p: inout DecodedPacket) throws(WireError) {
        p.networkOffset = Int32(truncatingIfNeeded: offset)
        let available = frame.byteCount - offset
        let wireAvailable = Int(p.wireLength) - offset
        guard available >= 1 else {
            if snapCut { p.isTruncated = true; return }
            throw WireError(code: .truncated, layer: .ipv6, offset: offset)
        }
        guard frame.byteAt(offset) >> 4 == 6 else { throw WireError(code: .malformed, layer: .ipv6, offset: offset) }
        p.layers.insert(.ipv6)
        p.ipVersion = 6
        guard available >= 40 else {
            if snapCut { p.isTruncated = true; return }
            throw WireError(code: .truncated, layer: .ipv6, offset: offset)
        }
        let header = frame.extracting(offset..<(offset + 40))
        let first = header.uint32BE(at: 0)
        p.trafficClass = UInt8(truncatingIfNeeded: first >> 20)
        p.flowLabel = first & 0x000F_FFFF
        // A payload length of 0 means an empty payload (RFC 8200); jumbograms
        // (RFC 2675) cannot occur on the link types decoded here.
        let payloadLength = Int(header.uint16BE(at: 4))
        p.ipLength = Int32(40 + payloadLength)
        p.hopLimit = header.byteAt(7)
        p.sourceAddress = .v6(IPv6Address(rawValue: header.uint128BE(at: 8)))
        p.destinationAddress = .v6(IPv6Address(rawValue: header.uint128BE(at: 24)))
        var next = header.byteAt(6)
        p.ipProtocol = next
        guard 40 + payloadLength <= wireAvailable else {
            throw WireError(code: .malformed, layer: .ipv6, offset: offset + 4)
        }
        let reportedEnd = offset + 40 + payloadLength
        var end = reportedEnd
        if end > frame.byteCount {
            p.isTruncated = true  // within the wire length: the snap length cut it
            end = frame.byteCount
        }
        var cursor = offset + 40
        var walked = 0
        while true {
            switch next {
            case IPProtocolNumber.hopByHop, IPProtocolNumber.ipv6Route, IPProtocolNumber.ipv6DestinationOptions,
                IPProtocolNumber.ipv6Fragment, IPProtocolNumber.ah:
                guard walked < maximumIPv6ExtensionHeaders else {
                    throw WireError(code: .tooLarge, layer: .ipv6Extension, offset: cursor)
                }
                walked += 1
                p.layers.insert(.ipv6Extensions)
                let isFragmentHeader = next == IPProtocolNumber.ipv6Fragment
                if isFragmentHeader { p.layers.insert(.fragment) }
                // The fixed part (8 bytes) must lie inside the packet, then the
                // announced length.
                guard reportedEnd - cursor >= 8 else {
                    throw WireError(code: .malformed, layer: .ipv6Extension, offset: cursor)
                }
                guard end - cursor >= 8 else { return }  // cut by the snap length (isTruncated is set)
                let following = frame.byteAt(cursor)
                let length: Int
                if isFragmentHeader {
                    length = 8
                    let offsetAndFlags = frame.uint16BE(at: cursor + 2)
                    p.fragmentOffset = offsetAndFlags & 0xFFF8
                    p.moreFragments = offsetAndFlags & 1 != 0
                    p.fragmentIdentification = frame.uint32BE(at: cursor + 4)
                } else if next == IPProtocolNumber.ah {
                    length = (Int(frame.byteAt(cursor + 1)) + 2) * 4
                } else {
                    length = (Int(frame.byteAt(cursor + 1)) + 1) * 8
                }
                guard reportedEnd - cursor >= length else {
                    throw WireError(code: .malformed, layer: .ipv6Extension, offset: cursor + 1)
                }
                guard end - cursor >= length else { return }
                cursor += length
                next = following
                p.ipProtocol = next
                if p.fragmentOffset != 0 { return }  // later fragment: no transport header
            default:
                try decodeTransport(next, frame, from: cursor, to: end, reportedEnd: reportedEnd, into: &p)
                return
            }
        }
    }

    // MARK: - Transport layer

    /// Decodes the transport header at `offset`. `end` is where the IP packet
    /// ends within the captured bytes; `reportedEnd` is where its header says
    /// it ends (≥ `end`; larger only when the snap length cut the frame).
    @usableFromInline
    func decodeTransport(
        _ proto: UInt8, _ frame: RawSpan, from offset: Int, to end: Int, reportedEnd: Int,
        into p: inout DecodedPacket
    ) throws(WireError) {
        let available = end - offset
        let reported = reportedEnd - offset
        // A fragment carries only the start of the datagram: its transport
        // length fields describe more bytes than the fragment holds.
        let isFragment = p.layers.contains(.fragment)
        switch proto {
        case IPProtocolNumber.tcp:
            p.transportOffset = Int32(truncatingIfNeeded: offset)
            p.layers.insert(.tcp)
            guard reported >= 20 else { throw WireError(code: .truncated, layer: .tcp, offset: offset) }
            guard available >= 20 else { return }  // cut by the snap length
            let tcp = frame.extracting(offset..<(offset + 20))
            let dataOffset = Int(tcp.byteAt(12) >> 4) &* 4
            p.sourcePort = tcp.uint16BE(at: 0)
            p.destinationPort = tcp.uint16BE(at: 2)
            p.tcpSequence = tcp.uint32BE(at: 4)
            p.tcpAcknowledgment = tcp.uint32BE(at: 8)
            p.tcpFlags = tcp.byteAt(13)
            p.tcpHeaderLength = UInt8(truncatingIfNeeded: dataOffset)
            guard dataOffset >= 20, dataOffset <= reported else {
                throw WireError(code: .malformed, layer: .tcp, offset: offset + 12)
            }
            guard available >= dataOffset else { return }
            p.payloadOffset = Int32(truncatingIfNeeded: offset + dataOffset)
            p.payloadLength = Int32(truncatingIfNeeded: reported - dataOffset)
        case IPProtocolNumber.udp:
            p.transportOffset = Int32(truncatingIfNeeded: offset)
            p.layers.insert(.udp)
            guard reported >= 8 else { throw WireError(code: .truncated, layer: .udp, offset: offset) }
            guard available >= 8 else { return }
            p.sourcePort = frame.uint16BE(at: offset)
            p.destinationPort = frame.uint16BE(at: offset + 2)
            var length = Int(frame.uint16BE(at: offset + 4))
            // Length 0 over IPv6: a jumbogram (RFC 2675); the datagram ends with the packet.
            if length == 0 && p.ipVersion == 6 { length = reported }
            guard length >= 8, isFragment || length <= reported else {
                throw WireError(code: .malformed, layer: .udp, offset: offset + 4)
            }
            p.payloadOffset = Int32(truncatingIfNeeded: offset + 8)
            p.payloadLength = Int32(truncatingIfNeeded: min(length, reported) - 8)
        case IPProtocolNumber.icmp, IPProtocolNumber.icmpv6:
            let isV6 = proto == IPProtocolNumber.icmpv6
            p.transportOffset = Int32(truncatingIfNeeded: offset)
            p.layers.insert(isV6 ? .icmpv6 : .icmp)
            // Every ICMP and ICMPv6 message starts with 8 bytes: type, code,
            // checksum and four type-specific bytes (RFC 792, RFC 4443).
            guard reported >= 8 else { throw WireError(code: .truncated, layer: isV6 ? .icmpv6 : .icmp, offset: offset) }
            guard available >= 4 else { return }
            p.icmpType = frame.byteAt(offset)
            p.icmpCode = frame.byteAt(offset + 1)
            // Flow conventions (NetFlow, softflowd): type in the source port, code in the destination port.
            p.sourcePort = UInt16(p.icmpType)
            p.destinationPort = UInt16(p.icmpCode)
            p.payloadOffset = Int32(truncatingIfNeeded: offset + 4)
            p.payloadLength = Int32(truncatingIfNeeded: reported - 4)
        default:
            p.payloadOffset = Int32(truncatingIfNeeded: offset)
            p.payloadLength = Int32(truncatingIfNeeded: reported)
        }
    }
}
