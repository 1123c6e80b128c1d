import NetworkTypes

/// Walks a frame from its link layer to its deepest layer (Ethernet → 802.1Q /
/// 802.1ad tags → ARP | IPv4 | IPv6 (+ extension headers, AH included) → TCP |
/// UDP | ICMP | ICMPv6) and fills a `DecodedPacket`. Each header is read
/// through its view (`EthernetFrameView`, `VLANTagView`, `IPv4HeaderView`, …),
/// which checks its lengths once; the decoder adds the checks that need more
/// than one header (a length field against the wire length).
///
/// Guarantees:
/// - Never traps on any input: every length is validated before a field is read.
/// - Never allocates: the result is an owned trivially-copyable value.
/// - One truncation rule: a view that runs out of bytes throws `.truncated`;
///   when the capture's snap length cut the frame (`capturedLength <
///   wireLength`) that ends decoding with `isTruncated` set and no error.
///   Otherwise, and for a frame whose own headers contradict its size, a
///   `WireError` names the layer and byte offset; the `DecodedPacket` keeps
///   everything decoded before that point.
/// - IPv6 jumbograms (payload length 0 and a Hop-by-Hop Jumbo Payload option,
///   RFC 2675) and offload super-frames (IPv4 total length 0, then UDP length
///   0) end with the frame's wire length.
public struct PacketDecoder: Sendable {
    /// Most VLAN tags followed before giving up (`.tooLarge`).
    public var maximumVLANTags = 8
    /// Most IPv6 extension headers followed before giving up (`.tooLarge`).
    public var maximumIPv6ExtensionHeaders = 16

    /// A decoder following at most 8 VLAN tags and 16 IPv6 extension headers.
    public init() {}

    /// Decodes `frame` into `packet` (which is reset first).
    ///
    /// - Parameters:
    ///   - linkType: what the frame starts with. LINKTYPE_IPV4 and
    ///     LINKTYPE_IPV6 accept only their own version; a link type that is not
    ///     decoded (`LinkType.isDecoded`) throws `.unsupported` in layer `.link`.
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
        case .raw:
            if IPv6HeaderView.identifies(frame, at: 0) {
                try decodeIPv6(frame, at: 0, snapCut: snapCut, into: &packet)
            } else {
                try decodeIPv4(frame, at: 0, snapCut: snapCut, into: &packet)
            }
        case .ipv4:
            try decodeIPv4(frame, at: 0, snapCut: snapCut, into: &packet)
        case .ipv6:
            try decodeIPv6(frame, at: 0, snapCut: snapCut, into: &packet)
        case .linuxCooked, .linuxCooked2, .null, .loop:
            try decodeLinkHeader(frame, linkType: linkType, snapCut: snapCut, into: &packet)
        default:
            throw WireError(code: .unsupported, layer: .link, offset: 0)
        }
    }

    /// Decodes and returns a fresh `DecodedPacket`.
    @inlinable
    public func decode(
        _ frame: RawSpan,
        linkType: LinkType = .ethernet,
        wireLength: Int? = nil
    )
        throws(WireError) -> DecodedPacket
    {
        var packet = DecodedPacket()
        try decode(frame, linkType: linkType, wireLength: wireLength, into: &packet)
        return packet
    }

    /// The truncation rule: bytes that ran out (`.truncated`) in a frame the
    /// snap length cut end decoding, with `isTruncated` set; any other error,
    /// or running out in a frame that was not cut, is thrown.
    @inlinable @inline(__always)
    func endDecoding(_ error: WireError, snapCut: Bool, _ p: inout DecodedPacket) throws(WireError) {
        guard snapCut, error.code == .truncated else { throw error }
        p.isTruncated = true
    }

    // MARK: - Link layer

    @usableFromInline
    func decodeEthernet(_ frame: RawSpan, snapCut: Bool, into p: inout DecodedPacket) throws(WireError) {
        p.layers.insert(.ethernet)
        let ethernet: EthernetFrameView
        do throws(WireError) { ethernet = try EthernetFrameView(validating: frame) } catch {
            return try endDecoding(error, snapCut: snapCut, &p)
        }
        p.destinationMAC = ethernet.destination
        p.sourceMAC = ethernet.source
        var offset = EthernetFrameView.headerLength
        var type = ethernet.etherType
        while VLANTagView.isTagProtocolIdentifier(type) {
            guard Int(p.vlanCount) < maximumVLANTags else {
                throw WireError(code: .tooLarge, layer: .vlan, offset: offset)
            }
            p.layers.insert(.vlan)
            let tag: VLANTagView
            do throws(WireError) { tag = try VLANTagView(validating: frame, at: offset) } catch {
                return try endDecoding(error, snapCut: snapCut, &p)
            }
            if p.vlanCount == 0 {
                p.vlanID = tag.vlanID
                p.vlanPriority = tag.priority
            } else if p.vlanCount == 1 {
                p.innerVLANID = tag.vlanID
                p.layers.insert(.qinq)
            }
            p.vlanCount &+= 1
            type = tag.etherType
            offset &+= VLANTagView.length
        }
        try decodeEtherType(type, frame, at: offset, snapCut: snapCut, into: &p)
    }

    @usableFromInline
    func decodeLinkHeader(
        _ frame: RawSpan,
        linkType: LinkType,
        snapCut: Bool,
        into p: inout DecodedPacket
    )
        throws(WireError)
    {
        p.layers.insert(linkType == .linuxCooked || linkType == .linuxCooked2 ? .linuxCooked : .loopback)
        let link: LinkHeaderView
        do throws(WireError) { link = try LinkHeaderView(validating: frame, linkType: linkType) } catch {
            return try endDecoding(error, snapCut: snapCut, &p)
        }
        // A loopback family other than IPv4/IPv6 ends the frame at layer 2, like an unknown EtherType.
        guard let type = link.etherType else { return }
        try decodeEtherType(type, frame, at: link.length, snapCut: snapCut, into: &p)
    }

    @usableFromInline
    func decodeEtherType(
        _ type: UInt16,
        _ frame: RawSpan,
        at offset: Int,
        snapCut: Bool,
        into p: inout DecodedPacket
    )
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
        let arp: ARPPacketView
        do throws(WireError) { arp = try ARPPacketView(validating: frame, at: offset) } catch {
            return try endDecoding(error, snapCut: snapCut, &p)
        }
        // Ethernet/IPv4 ARP: expose the sender and target protocol addresses.
        if arp.isEthernetIPv4 {
            let addresses = arp.ipv4Addresses
            p.sourceAddress = .v4(addresses.source)
            p.destinationAddress = .v4(addresses.destination)
        }
    }

    // MARK: - Network layer

    @usableFromInline
    func decodeIPv4(_ frame: RawSpan, at offset: Int, snapCut: Bool, into p: inout DecodedPacket) throws(WireError) {
        p.networkOffset = Int32(truncatingIfNeeded: offset)
        if IPv4HeaderView.identifies(frame, at: offset) {
            p.layers.insert(.ipv4)
            p.ipVersion = 4
        }
        let ip: IPv4HeaderView
        do throws(WireError) { ip = try IPv4HeaderView(validating: frame, at: offset) } catch {
            return try endDecoding(error, snapCut: snapCut, &p)
        }
        // Bytes of the packet on the wire (the capture may hold fewer).
        let wireAvailable = Int(p.wireLength) &- offset
        let headerLength = ip.headerLength
        let totalLength = ip.totalLength
        p.trafficClass = ip.typeOfService
        p.ipLength = Int32(totalLength)
        p.hopLimit = ip.timeToLive
        p.ipProtocol = ip.protocolNumber
        p.sourceAddress = .v4(ip.source)
        p.destinationAddress = .v4(ip.destination)
        // A total length of 0 is what offload (TSO/GSO) super-frames carry:
        // the packet then ends with the frame.
        let isOffload = totalLength == 0
        let effectiveTotal = isOffload ? wireAvailable : totalLength
        guard effectiveTotal >= headerLength else {
            throw WireError(code: .malformed, layer: .ipv4, offset: offset &+ IPv4HeaderView.Field.totalLength)
        }
        p.fragmentIdentification = UInt32(ip.identification)
        p.dontFragment = ip.dontFragment
        p.moreFragments = ip.moreFragments
        p.fragmentOffset = ip.fragmentOffset
        if ip.isFragment { p.layers.insert(.fragment) }
        // The fragment fields above are still reported when the length lies.
        guard effectiveTotal <= wireAvailable else {
            throw WireError(code: .malformed, layer: .ipv4, offset: offset &+ IPv4HeaderView.Field.totalLength)
        }
        let available = frame.byteCount &- offset
        guard available >= headerLength else {  // the options were not captured
            return try endDecoding(WireError(code: .truncated, layer: .ipv4, offset: offset), snapCut: snapCut, &p)
        }
        var end = offset &+ effectiveTotal
        if effectiveTotal > available {
            p.isTruncated = true  // effectiveTotal <= wireAvailable: the snap length cut it
            end = frame.byteCount
        }
        guard p.fragmentOffset == 0 else {  // no transport header in later fragments: the payload is their data
            p.payloadOffset = Int32(truncatingIfNeeded: offset &+ headerLength)
            p.payloadLength = Int32(truncatingIfNeeded: effectiveTotal &- headerLength)
            return
        }
        guard effectiveTotal > headerLength else { return }  // an empty payload has no transport header
        try decodeTransport(
            p.ipProtocol,
            frame.extracting(0..<end),
            at: offset &+ headerLength,
            packetEnd: offset &+ effectiveTotal,
            lengthFromFrame: isOffload,
            snapCut: snapCut,
            into: &p
        )
    }

    @usableFromInline
    func decodeIPv6(_ frame: RawSpan, at offset: Int, snapCut: Bool, into p: inout DecodedPacket) throws(WireError) {
        p.networkOffset = Int32(truncatingIfNeeded: offset)
        if IPv6HeaderView.identifies(frame, at: offset) {
            p.layers.insert(.ipv6)
            p.ipVersion = 6
        }
        let ip: IPv6HeaderView
        do throws(WireError) { ip = try IPv6HeaderView(validating: frame, at: offset) } catch {
            return try endDecoding(error, snapCut: snapCut, &p)
        }
        let wireAvailable = Int(p.wireLength) &- offset
        p.trafficClass = ip.trafficClass
        p.flowLabel = ip.flowLabel
        p.hopLimit = ip.hopLimit
        p.sourceAddress = .v6(ip.source)
        p.destinationAddress = .v6(ip.destination)
        var next = ip.nextHeader
        p.ipProtocol = next
        var cursor = offset &+ IPv6HeaderView.length
        // A payload length of 0 means an empty payload (RFC 8200) unless a
        // Hop-by-Hop Jumbo Payload option gives the length (RFC 2675).
        var payloadLength = ip.payloadLength
        let isJumbogram = payloadLength == 0 && next == IPProtocolNumber.hopByHop
        if isJumbogram {
            do throws(WireError) {
                let hopByHop = try IPv6ExtensionHeaderView(
                    validating: frame,
                    at: cursor,
                    kind: next,
                    packetEnd: offset &+ wireAvailable
                )
                if let jumbo = hopByHop.jumboPayloadLength { payloadLength = jumbo }
            } catch {
                return try endDecoding(error, snapCut: snapCut, &p)
            }
        }
        p.ipLength = Int32(truncatingIfNeeded: IPv6HeaderView.length &+ payloadLength)
        guard IPv6HeaderView.length &+ payloadLength <= wireAvailable else {
            throw WireError(code: .malformed, layer: .ipv6, offset: offset &+ IPv6HeaderView.Field.payloadLength)
        }
        let packetEnd = cursor &+ payloadLength
        var end = packetEnd
        if end > frame.byteCount {
            p.isTruncated = true  // within the wire length: the snap length cut it
            end = frame.byteCount
        }
        let packet = frame.extracting(0..<end)
        var walked = 0
        while IPv6ExtensionHeaderView.isExtensionHeader(next) {
            guard walked < maximumIPv6ExtensionHeaders else {
                throw WireError(code: .tooLarge, layer: .ipv6Extension, offset: cursor)
            }
            walked &+= 1
            p.layers.insert(.ipv6Extensions)
            let isFragmentHeader = next == IPProtocolNumber.ipv6Fragment
            if isFragmentHeader { p.layers.insert(.fragment) }
            let header: IPv6ExtensionHeaderView
            do throws(WireError) {
                header = try IPv6ExtensionHeaderView(validating: packet, at: cursor, kind: next, packetEnd: packetEnd)
            } catch {
                return try endDecoding(error, snapCut: snapCut, &p)
            }
            if isFragmentHeader {
                p.fragmentOffset = header.fragmentOffset
                p.moreFragments = header.moreFragments
                p.fragmentIdentification = header.fragmentIdentification
            }
            cursor &+= header.length
            next = header.nextHeader
            p.ipProtocol = next
            if p.fragmentOffset != 0 {  // later fragment: no transport header, the payload is its data
                p.payloadOffset = Int32(truncatingIfNeeded: cursor)
                p.payloadLength = Int32(truncatingIfNeeded: packetEnd &- cursor)
                return
            }
        }
        try decodeTransport(
            next,
            packet,
            at: cursor,
            packetEnd: packetEnd,
            lengthFromFrame: true,
            snapCut: snapCut,
            into: &p
        )
    }

    // MARK: - Transport layer

    /// Decodes the transport header at `offset`. `packet` holds the captured
    /// bytes up to where the IP packet ends (or the capture does);
    /// `packetEnd` is where the IP header says it ends (beyond `packet` only
    /// when the snap length cut the frame). `lengthFromFrame`: a UDP length of
    /// 0 means the datagram ends with the packet (IPv6 jumbograms, offload
    /// super-frames).
    @usableFromInline
    func decodeTransport(
        _ proto: UInt8,
        _ packet: RawSpan,
        at offset: Int,
        packetEnd: Int,
        lengthFromFrame: Bool,
        snapCut: Bool,
        into p: inout DecodedPacket
    ) throws(WireError) {
        let reported = packetEnd &- offset
        switch proto {
        case IPProtocolNumber.tcp:
            p.transportOffset = Int32(truncatingIfNeeded: offset)
            p.layers.insert(.tcp)
            let tcp: TCPHeaderView
            do throws(WireError) { tcp = try TCPHeaderView(validating: packet, at: offset, packetEnd: packetEnd) } catch
            {
                return try endDecoding(error, snapCut: snapCut, &p)
            }
            let ports = tcp.ports
            p.sourcePort = ports.source
            p.destinationPort = ports.destination
            p.tcpSequence = tcp.sequenceNumber
            p.tcpAcknowledgment = tcp.acknowledgmentNumber
            p.tcpFlags = tcp.flags
            let headerLength = tcp.headerLength
            p.tcpHeaderLength = UInt8(truncatingIfNeeded: headerLength)
            try tcp.validateHeaderLength(at: offset, packetEnd: packetEnd)  // the ports above are kept
            guard packet.byteCount &- offset >= headerLength else { return }  // options cut by the snap length
            p.payloadOffset = Int32(truncatingIfNeeded: offset &+ headerLength)
            p.payloadLength = Int32(truncatingIfNeeded: reported &- headerLength)
        case IPProtocolNumber.udp:
            p.transportOffset = Int32(truncatingIfNeeded: offset)
            p.layers.insert(.udp)
            let udp: UDPHeaderView
            do throws(WireError) { udp = try UDPHeaderView(validating: packet, at: offset, packetEnd: packetEnd) } catch
            {
                return try endDecoding(error, snapCut: snapCut, &p)
            }
            let ports = udp.ports
            p.sourcePort = ports.source
            p.destinationPort = ports.destination
            var length = udp.length
            if length == 0 && lengthFromFrame { length = reported }
            // A fragment carries only the start of the datagram: its length
            // describes more bytes than the fragment holds.
            guard length >= UDPHeaderView.length, p.layers.contains(.fragment) || length <= reported else {
                throw WireError(code: .malformed, layer: .udp, offset: offset &+ UDPHeaderView.Field.length)
            }
            p.payloadOffset = Int32(truncatingIfNeeded: offset &+ UDPHeaderView.length)
            p.payloadLength = Int32(truncatingIfNeeded: min(length, reported) &- UDPHeaderView.length)
        case IPProtocolNumber.icmp, IPProtocolNumber.icmpv6:
            let isV6 = proto == IPProtocolNumber.icmpv6
            p.transportOffset = Int32(truncatingIfNeeded: offset)
            p.layers.insert(isV6 ? .icmpv6 : .icmp)
            let icmp: ICMPHeaderView
            do throws(WireError) {
                icmp = try ICMPHeaderView(
                    validating: packet,
                    at: offset,
                    packetEnd: packetEnd,
                    layer: isV6 ? .icmpv6 : .icmp
                )
            } catch {
                return try endDecoding(error, snapCut: snapCut, &p)
            }
            p.icmpType = icmp.type
            p.icmpCode = icmp.code
            // Flow conventions (NetFlow, softflowd): type in the source port, code in the destination port.
            p.sourcePort = UInt16(icmp.type)
            p.destinationPort = UInt16(icmp.code)
            p.payloadOffset = Int32(truncatingIfNeeded: offset &+ ICMPHeaderView.Field.rest)
            p.payloadLength = Int32(truncatingIfNeeded: reported &- ICMPHeaderView.Field.rest)
        default:
            p.payloadOffset = Int32(truncatingIfNeeded: offset)
            p.payloadLength = Int32(truncatingIfNeeded: reported)
        }
    }
}
