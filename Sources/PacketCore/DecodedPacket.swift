import NetworkTypes

/// The layers a decoded frame contains, as a bit set.
public struct DecodedLayers: OptionSet, Hashable, Sendable {
    /// The layer bits.
    public let rawValue: UInt32
    /// The set with the bits of `rawValue`.
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// An Ethernet II header.
    @inlinable public static var ethernet: DecodedLayers { DecodedLayers(rawValue: 1 << 0) }
    /// At least one 802.1Q or 802.1ad tag.
    @inlinable public static var vlan: DecodedLayers { DecodedLayers(rawValue: 1 << 1) }
    /// Two or more tags (802.1ad QinQ).
    @inlinable public static var qinq: DecodedLayers { DecodedLayers(rawValue: 1 << 2) }
    /// An ARP packet.
    @inlinable public static var arp: DecodedLayers { DecodedLayers(rawValue: 1 << 3) }
    /// An IPv4 header.
    @inlinable public static var ipv4: DecodedLayers { DecodedLayers(rawValue: 1 << 4) }
    /// An IPv6 header.
    @inlinable public static var ipv6: DecodedLayers { DecodedLayers(rawValue: 1 << 5) }
    /// The IP packet is a fragment (IPv4 MF or offset, or an IPv6 fragment header).
    @inlinable public static var fragment: DecodedLayers { DecodedLayers(rawValue: 1 << 6) }
    /// A TCP header (never in a non-first fragment).
    @inlinable public static var tcp: DecodedLayers { DecodedLayers(rawValue: 1 << 7) }
    /// A UDP header (never in a non-first fragment).
    @inlinable public static var udp: DecodedLayers { DecodedLayers(rawValue: 1 << 8) }
    /// An ICMP header.
    @inlinable public static var icmp: DecodedLayers { DecodedLayers(rawValue: 1 << 9) }
    /// An ICMPv6 header.
    @inlinable public static var icmpv6: DecodedLayers { DecodedLayers(rawValue: 1 << 10) }
    /// IPv6 extension headers were walked.
    @inlinable public static var ipv6Extensions: DecodedLayers { DecodedLayers(rawValue: 1 << 11) }
    /// Linux cooked capture header (v1 or v2).
    @inlinable public static var linuxCooked: DecodedLayers { DecodedLayers(rawValue: 1 << 12) }
    /// BSD / OpenBSD loopback header (LINKTYPE_NULL, LINKTYPE_LOOP).
    @inlinable public static var loopback: DecodedLayers { DecodedLayers(rawValue: 1 << 13) }
}

/// Everything the decoder learned about one frame, as an owned value.
///
/// Trivially copyable and allocation-free: it can be stored in a flow cache,
/// passed between tasks, and reused frame after frame (`PacketDecoder` resets
/// it). Offsets are from the start of the frame; a layer the decoder did not
/// reach has a nil offset, an untagged frame a nil VLAN ID: no field uses an
/// in-band value to mean "absent".
public struct DecodedPacket: Sendable, Hashable {
    /// The layers the frame contains, as far as the decoder got.
    public var layers: DecodedLayers = []
    /// Bytes of the frame that were available to the decoder.
    public var capturedLength: Int32 = 0
    /// Length on the wire, when the capture said (pcap `orig_len`); else `capturedLength`.
    public var wireLength: Int32 = 0
    /// True when the capture's snap length cut the frame short of what its
    /// headers announce. Decoding stopped where the bytes ran out; not an error.
    public var isTruncated = false

    // Link layer
    /// The Ethernet destination MAC (0 without an Ethernet header).
    public var destinationMAC = MACAddress(rawValue: 0)
    /// The Ethernet source MAC (0 without an Ethernet header).
    public var sourceMAC = MACAddress(rawValue: 0)
    /// The EtherType after any VLAN tags (0 for raw IP link types).
    public var etherType: UInt16 = 0
    /// Number of 802.1Q/802.1ad tags.
    public var vlanCount: UInt8 = 0
    /// VLAN ID (12 bits) of the outermost tag; nil when the frame is untagged.
    public var vlanID: UInt16?
    /// VLAN ID of the second tag (QinQ inner C-tag); nil when there is none.
    public var innerVLANID: UInt16?
    /// Priority code point of the outermost tag; nil when the frame is untagged.
    public var vlanPriority: UInt8?

    // Network layer
    /// Offset of the IPv4/IPv6 (or ARP) header; nil when the frame ends at layer 2.
    public var networkOffset: Int32?
    /// 4, 6, or 0 when the frame carries no IP packet.
    public var ipVersion: UInt8 = 0
    /// The IP source address (`0.0.0.0` when `ipVersion` is 0).
    public var sourceAddress: IPAddress = .v4(IPv4Address(rawValue: 0))
    /// The IP destination address (`0.0.0.0` when `ipVersion` is 0).
    public var destinationAddress: IPAddress = .v4(IPv4Address(rawValue: 0))
    /// The upper-layer protocol after IPv6 extension headers (`IPProtocolNumber`).
    public var ipProtocol: UInt8 = 0
    /// IP packet length from the header: IPv4 total length, or 40 + IPv6 payload length.
    public var ipLength: Int32 = 0
    /// IPv4 TTL or IPv6 hop limit.
    public var hopLimit: UInt8 = 0
    /// IPv4 TOS or IPv6 traffic class (DSCP and ECN).
    public var trafficClass: UInt8 = 0
    /// IPv6 flow label (20 bits).
    public var flowLabel: UInt32 = 0
    /// IPv4 identification, or the IPv6 fragment header's identification.
    public var fragmentIdentification: UInt32 = 0
    /// Fragment offset in bytes (0 for the first fragment or an unfragmented packet).
    public var fragmentOffset: UInt16 = 0
    /// The more-fragments flag.
    public var moreFragments = false
    /// IPv4 don't-fragment flag.
    public var dontFragment = false

    // Transport layer
    /// Offset of the TCP/UDP/ICMP header; nil when not reached (later fragments,
    /// other protocols, or a packet cut before it).
    public var transportOffset: Int32?
    /// TCP/UDP source port; for ICMP and ICMPv6 the type.
    public var sourcePort: UInt16 = 0
    /// TCP/UDP destination port; for ICMP and ICMPv6 the code.
    public var destinationPort: UInt16 = 0
    /// TCP flags (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80).
    public var tcpFlags: UInt8 = 0
    /// TCP header length in bytes (data offset × 4), options included.
    public var tcpHeaderLength: UInt8 = 0
    /// The TCP sequence number (0 without TCP).
    public var tcpSequence: UInt32 = 0
    /// The TCP acknowledgment number (0 without TCP).
    public var tcpAcknowledgment: UInt32 = 0
    /// The ICMP or ICMPv6 type (0 without ICMP; check `layers`, 0 is also echo reply).
    public var icmpType: UInt8 = 0
    /// The ICMP or ICMPv6 code (0 without ICMP).
    public var icmpCode: UInt8 = 0
    /// Offset of the transport payload (application bytes; for a fragment
    /// after the first, the fragment's data); nil when not reached.
    public var payloadOffset: Int32?
    /// Application payload length according to the headers.
    public var payloadLength: Int32 = 0

    /// An empty result: no layers, every offset `nil`, every field zero.
    @inlinable public init() {}

    /// True when the frame is a first fragment or not fragmented, so that the
    /// transport header is present.
    @inlinable public var hasTransport: Bool { transportOffset != nil }
    /// True for an IPv4 or IPv6 packet.
    @inlinable public var isIP: Bool { ipVersion != 0 }
}
