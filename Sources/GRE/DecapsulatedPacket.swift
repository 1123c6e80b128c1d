import NetworkTypes
import PacketCore
import TapVocabulary

/// Everything `TunnelDecoder` learned about one tunnel packet, as an owned,
/// allocation-free value. Offsets are from the start of the bytes decoded.
public struct DecapsulatedPacket: Hashable, Sendable {
    /// The encapsulation the packet used.
    public var kind: TunnelKind = .gre
    /// The outer IP source: the sender's end of the tunnel.
    public var outerSource: IPAddress = .v4(IPv4Address(rawValue: 0))
    /// The outer IP destination: the receiver's end of the tunnel.
    public var outerDestination: IPAddress = .v4(IPv4Address(rawValue: 0))
    /// Outer IPv4 TTL / IPv6 hop limit (0 when the IP header was not seen).
    public var outerTimeToLive: UInt8 = 0
    /// UDP source port (VXLAN, GRE-in-UDP), 0 otherwise.
    public var udpSourcePort: UInt16 = 0
    /// GRE protocol type (0 for VXLAN).
    public var greProtocol: UInt16 = 0
    /// The GRE C bit was set (RFC 2784 §2.1); the checksum is not verified here.
    public var greChecksumPresent = false
    /// RFC 2890 key (GRE, GRE-in-UDP).
    public var key: UInt32?
    /// RFC 2890 sequence number (GRE S bit; always present for ERSPAN from Linux and from us).
    public var sequenceNumber: UInt32?
    /// VXLAN network identifier.
    public var vni: UInt32?
    /// ERSPAN session ID.
    public var sessionID: UInt16?
    /// ERSPAN II/III header, when `kind` is `.erspanType2` / `.erspanType3`.
    public var erspanType2: ERSPANType2Header?
    /// The ERSPAN III header, when `kind` is `.erspanType3`.
    public var erspanType3: ERSPANType3Header?
    /// The sender flagged the inner frame as truncated (ERSPAN T bit).
    public var truncatedFlag = false
    /// Offset and length of the inner frame.
    public var innerOffset = 0
    /// The inner frame's length in bytes.
    public var innerLength = 0
    /// `.ethernet` for TEB/ERSPAN/VXLAN, `.raw` for GRE carrying IPv4/IPv6.
    public var innerLinkType: LinkType = .ethernet

    // Outer IP fragments (status `.fragment`).
    /// The outer IP identification (16 bits for IPv4, 32 for an IPv6 fragment header).
    public var fragmentIdentification: UInt32 = 0
    /// Offset in bytes of this fragment's data in the reassembled payload.
    public var fragmentOffset = 0
    /// The MF flag: more fragments of this packet follow.
    public var moreFragments = false
    /// The protocol of the reassembled payload (47 GRE, 17 UDP).
    public var fragmentProtocol: UInt8 = 0
    /// Offset and length of this fragment's data in the bytes decoded.
    public var fragmentDataOffset = 0
    /// The length in bytes of this fragment's data.
    public var fragmentDataLength = 0

    /// A blank result: every field zero, empty or `nil`.
    public init() {}

    /// The inner frame's range.
    @inlinable public var innerRange: Range<Int> { innerOffset..<(innerOffset + innerLength) }
}
