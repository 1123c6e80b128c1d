import NetworkTypes
import PacketCore
import TapVocabulary

/// Takes GRE (TEB, IPv4, IPv6), ERSPAN II/III, VXLAN, Geneve and GRE-in-UDP
/// packets apart. The outer headers (link header, VLAN tags, IPv4/IPv6 with extension
/// headers, UDP) are walked by `PacketDecoder`, with its truncation rule; the
/// tunnel headers are read through `GREHeaderView`, `ERSPANType2HeaderView`,
/// `ERSPANType3HeaderView`, `VXLANHeaderView` and `GeneveHeaderView`.
///
/// Guarantees:
/// - Never traps and never allocates: every length is checked before a field
///   is read; the result is an owned value.
/// - Hostile or damaged input throws a `WireError` naming the layer and the
///   byte offset; traffic that is simply not a tunnel (other protocols and
///   ports, GRE that is not a mirror tunnel) returns `.notTunnel`; a frame the
///   snap length cut inside its tunnel headers returns `.truncated`.
/// - An outer IPv4 total length of 0 (a GSO/GRO super-frame captured on the
///   host), an IPv6 jumbogram and a UDP length of 0 in either mean "up to the
///   wire length".
/// - GRE checksums are verified when present and the packet is whole.
/// - ERSPAN type I (0x88BE without a sequence number, so without an ERSPAN
///   header) and ERSPAN III frame types other than Ethernet (0) and IP (2)
///   are `.unsupported`, never delivered as something else.
/// - Geneve with an option whose critical bit is set (or the C flag), a
///   version other than 0, or a protocol type other than Ethernet/IPv4/IPv6 is
///   `.unsupported`; an OAM packet (O flag) is `.notTunnel`.
public struct TunnelDecoder: Sendable {
    /// UDP destination port recognised as VXLAN.
    public var vxlanPort: UInt16 = VXLANHeader.udpPort
    /// UDP destination port recognised as GRE-in-UDP.
    public var greInUDPPort: UInt16 = TunnelEncapsulation.greInUDPPort
    /// UDP destination port recognised as Geneve.
    public var genevePort: UInt16 = TunnelEncapsulation.genevePort
    /// The outer walk (most VLAN tags and IPv6 extension headers followed).
    public var outerDecoder = PacketDecoder()

    /// A decoder with the IANA ports (VXLAN 4789, GRE-in-UDP 4754, Geneve 6081).
    public init() {}

    /// Decodes a captured packet that starts with a `linkType` header.
    /// `wireLength` is the packet's length on the wire when the capture says
    /// (pcap `orig_len`); bytes running out before it are a snap-length cut.
    public func decode(
        _ bytes: RawSpan,
        linkType: LinkType,
        wireLength: Int? = nil,
        into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        var outer = DecodedPacket()
        try outerDecoder.decode(bytes, linkType: linkType, wireLength: wireLength, into: &outer)
        return try decapsulate(bytes, outer: outer, into: &packet)
    }

    /// Decodes an outer IPv4 or IPv6 packet starting at `offset`.
    public func decodeIP(
        _ bytes: RawSpan,
        at offset: Int,
        into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        guard offset >= 0, offset <= bytes.byteCount else {
            throw WireError(code: .truncated, layer: .ipv4, offset: offset)
        }
        return try decode(bytes.extracting(offset..<bytes.byteCount), linkType: .raw, into: &packet)
    }

    /// Finds the tunnel in a frame `PacketDecoder` decoded into `outer`.
    public func decapsulate(
        _ bytes: RawSpan,
        outer: DecodedPacket,
        into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        packet = DecapsulatedPacket()
        guard outer.isIP else { return .notTunnel }
        let protocolNumber = outer.ipProtocol
        guard protocolNumber == IPProtocolNumber.gre || protocolNumber == IPProtocolNumber.udp else {
            return outer.isTruncated && outer.payloadOffset == nil && outer.transportOffset == nil
                ? .truncated : .notTunnel
        }
        packet.outerSource = outer.sourceAddress
        packet.outerDestination = outer.destinationAddress
        packet.outerTimeToLive = outer.hopLimit
        if outer.layers.contains(.fragment) {
            guard !outer.isTruncated else { return .truncated }
            let networkOffset = Int(outer.networkOffset ?? 0)  // an IP packet (`isIP`) has one
            let end = networkOffset &+ (outer.ipLength > 0 ? Int(outer.ipLength) : bytes.byteCount)
            guard let dataOffset = outer.transportOffset ?? outer.payloadOffset, case let start = Int(dataOffset),
                end >= start, end <= bytes.byteCount
            else {
                throw WireError(code: .malformed, layer: .reassembly, offset: networkOffset)
            }
            packet.fragmentIdentification = outer.fragmentIdentification
            packet.fragmentOffset = Int(outer.fragmentOffset)
            packet.moreFragments = outer.moreFragments
            packet.fragmentProtocol = protocolNumber
            packet.fragmentDataOffset = start
            packet.fragmentDataLength = end &- start
            return .fragment
        }
        // The payload after the GRE-carrying IP header, or after the UDP header.
        guard let payloadOffset = outer.payloadOffset else { return .truncated }
        let start = Int(payloadOffset)
        let end = min(start &+ Int(outer.payloadLength), bytes.byteCount)
        let tunnel = bytes.extracting(0..<end)
        let status: TunnelDecodeStatus
        do throws(WireError) {
            if protocolNumber == IPProtocolNumber.gre {
                status = try decodeGREPacket(tunnel, at: start, verifyChecksum: !outer.isTruncated, into: &packet)
            } else {
                let port = outer.destinationPort
                guard port == vxlanPort || port == greInUDPPort || port == genevePort else { return .notTunnel }
                packet.udpSourcePort = outer.sourcePort
                status = try decodeUDPTunnel(tunnel, at: start, destinationPort: port, into: &packet)
            }
        } catch {
            guard outer.isTruncated, error.code == .truncated else { throw error }
            return .truncated  // the one truncation rule of PacketDecoder, for the tunnel headers
        }
        return status
    }

    /// Decodes a UDP payload received on `destinationPort` (VXLAN, Geneve or GRE-in-UDP),
    /// e.g. from a UDP socket. The tunnel ends at the end of `bytes`.
    public func decodeUDPPayload(
        _ bytes: RawSpan,
        at offset: Int,
        destinationPort: UInt16,
        into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        try decodeUDPTunnel(bytes, at: offset, destinationPort: destinationPort, into: &packet)
    }

    /// Decodes a GRE packet (GRE header and payload, ending at the end of `bytes`)
    /// starting at `offset`, e.g. from a raw IPPROTO_GRE socket. GRE that is not
    /// a mirror tunnel returns `.notTunnel`.
    public func decodeGRE(
        _ bytes: RawSpan,
        at offset: Int,
        into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        try decodeGREPacket(bytes, at: offset, verifyChecksum: true, into: &packet)
    }

    func decodeUDPTunnel(
        _ bytes: RawSpan,
        at offset: Int,
        destinationPort: UInt16,
        into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        if destinationPort == greInUDPPort {
            let status = try decodeGREPacket(bytes, at: offset, verifyChecksum: true, into: &packet)
            if packet.kind == .gre { packet.kind = .greInUDP }
            return status
        }
        if destinationPort == genevePort {
            return try decodeGeneve(bytes, at: offset, into: &packet)
        }
        let header = try VXLANHeaderView(validating: bytes, at: offset)
        packet.kind = .vxlan
        packet.vni = header.vni
        packet.innerOffset = offset &+ VXLANHeaderView.length
        packet.innerLength = bytes.byteCount &- packet.innerOffset
        packet.innerLinkType = .ethernet
        return .decapsulated
    }

    func decodeGeneve(
        _ bytes: RawSpan,
        at offset: Int,
        into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        let header = try GeneveHeaderView(validating: bytes, at: offset)
        if header.isOAM { return .notTunnel }  // RFC 8926 §3.4: control traffic, not a tenant's frame
        switch header.protocolType {
        case EtherType.transparentEthernetBridging: packet.innerLinkType = .ethernet
        case EtherType.ipv4, EtherType.ipv6: packet.innerLinkType = .raw
        default:
            throw WireError(code: .unsupported, layer: .geneve, offset: offset &+ GeneveHeaderView.Field.protocolType)
        }
        packet.kind = .geneve
        packet.vni = header.vni
        packet.innerOffset = offset &+ header.length
        packet.innerLength = bytes.byteCount &- packet.innerOffset
        return .decapsulated
    }

    func decodeGREPacket(
        _ bytes: RawSpan,
        at offset: Int,
        verifyChecksum: Bool,
        into packet: inout DecapsulatedPacket
    ) throws(WireError) -> TunnelDecodeStatus {
        let header: GREHeaderView
        do throws(WireError) { header = try GREHeaderView(validating: bytes, at: offset) } catch {
            // Version 1 is PPTP's enhanced GRE (RFC 2637): a VPN, not a mirror tunnel.
            if error.code == .unsupported { return .notTunnel }
            throw error
        }
        let protocolType = header.protocolType
        switch protocolType {
        case EtherType.transparentEthernetBridging, EtherType.ipv4, EtherType.ipv6, EtherType.erspanType2,
            EtherType.erspanType3:
            break
        default:
            return .notTunnel  // keepalives (0), NHRP, WCCP, CDP, ...: GRE, but not a mirror tunnel
        }
        if header.checksumPresent && verifyChecksum {
            var sum = InternetChecksum()
            sum.add(bytes: bytes.extracting(offset..<bytes.byteCount))
            guard sum.verifies else {
                throw WireError(code: .malformed, layer: .gre, offset: offset &+ GREHeaderView.Field.optional)
            }
        }
        packet.greProtocol = protocolType
        packet.greChecksumPresent = header.checksumPresent
        packet.key = header.key
        packet.sequenceNumber = header.sequenceNumber
        var inner = offset &+ header.length
        switch protocolType {
        case EtherType.transparentEthernetBridging:
            packet.kind = .gre
            packet.innerLinkType = .ethernet
        case EtherType.ipv4, EtherType.ipv6:
            packet.kind = .gre
            packet.innerLinkType = .raw
        case EtherType.erspanType2:
            // Type I has no sequence number and no ERSPAN header: its payload is the frame itself.
            guard packet.sequenceNumber != nil else {
                throw WireError(code: .unsupported, layer: .erspan, offset: inner)
            }
            let erspan = try ERSPANType2HeaderView(validating: bytes, at: inner)
            packet.kind = .erspanType2
            packet.erspanType2 = ERSPANType2Header(erspan)
            packet.sessionID = erspan.sessionID
            packet.truncatedFlag = erspan.truncated
            packet.innerLinkType = .ethernet
            inner &+= ERSPANType2HeaderView.length
        default:
            let erspan = try ERSPANType3HeaderView(validating: bytes, at: inner)
            switch erspan.frameType {
            case ERSPANType3HeaderView.FrameType.ethernet: packet.innerLinkType = .ethernet
            case ERSPANType3HeaderView.FrameType.ip: packet.innerLinkType = .raw
            default:
                throw WireError(
                    code: .unsupported,
                    layer: .erspan,
                    offset: inner &+ ERSPANType3HeaderView.Field.thirdWord
                )
            }
            packet.kind = .erspanType3
            packet.erspanType3 = ERSPANType3Header(erspan)
            packet.sessionID = erspan.sessionID
            packet.truncatedFlag = erspan.truncated
            inner &+= erspan.length
        }
        packet.innerOffset = inner
        packet.innerLength = bytes.byteCount &- inner
        return .decapsulated
    }
}
