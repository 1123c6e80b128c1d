import NetworkTypes

/// The pseudo link headers of captures that are not Ethernet: Linux cooked
/// v1 (LINKTYPE_LINUX_SLL, 16 bytes) and v2 (LINKTYPE_LINUX_SLL2, 20 bytes),
/// BSD loopback (LINKTYPE_NULL, a 4-byte address family in the capturing
/// host's byte order) and OpenBSD loopback (LINKTYPE_LOOP, the same in
/// network byte order).
///
/// `init(validating:linkType:)` checks that the header is there (`.truncated`
/// in the link's layer at byte 0). `etherType` names the payload: the header's
/// protocol field for the cooked types, 0x0800 / 0x86DD for an AF_INET /
/// AF_INET6 loopback family (Linux, BSD and macOS values), and `nil` for
/// anything else.
public struct LinkHeaderView: ~Escapable {
    /// Byte offsets of the fields the view reads.
    public enum Field {
        /// Linux cooked v1: the protocol (EtherType) after type, ARPHRD, address length and address.
        public static let cookedProtocol = 14
        /// Linux cooked v2: the protocol comes first.
        public static let cooked2Protocol = 0
        /// Loopback: the address family.
        public static let loopbackFamily = 0
    }

    /// Linux cooked v1 header length in bytes.
    public static let cookedLength = 16
    /// Linux cooked v2 header length in bytes.
    public static let cooked2Length = 20
    /// BSD/OpenBSD loopback header length in bytes.
    public static let loopbackLength = 4

    /// The layer an error in a `linkType` header is reported in, or nil when
    /// `linkType` is not one of the pseudo headers.
    @inlinable
    public static func layer(of linkType: LinkType) -> Layer? {
        switch linkType {
        case .linuxCooked: .linuxCooked
        case .linuxCooked2: .linuxCooked2
        case .null, .loop: .loopback
        default: nil
        }
    }

    @inlinable
    static func length(of linkType: LinkType) -> Int {
        switch linkType {
        case .linuxCooked: cookedLength
        case .linuxCooked2: cooked2Length
        default: loopbackLength
        }
    }

    /// Exactly the link header.
    public let header: RawSpan
    /// The link type the header was read as.
    public let linkType: LinkType

    /// `linkType` must be one for which `layer(of:)` is not nil.
    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, linkType: LinkType) throws(WireError) {
        let length = Self.length(of: linkType)
        guard bytes.byteCount >= length else {
            throw WireError(code: .truncated, layer: Self.layer(of: linkType) ?? .linuxCooked, offset: 0)
        }
        header = bytes.extracting(0..<length)
        self.linkType = linkType
    }

    /// Header length: where the network packet starts.
    @inlinable public var length: Int { header.byteCount }

    /// The loopback address family, byte order resolved (NULL is host order:
    /// a value with its low half zero is taken as the other order, as tcpdump does).
    @inlinable public var addressFamily: UInt32 {
        let big = header.uint32BE(at: Field.loopbackFamily)
        if linkType == .loop { return big }
        let little = header.uint32LE(at: Field.loopbackFamily)
        return little & 0xFFFF_0000 == 0 ? little : big
    }

    /// The payload's EtherType: the cooked header's protocol, 0x0800 or 0x86DD for an IPv4 or IPv6 loopback family;
    /// `nil` for any other family.
    @inlinable public var etherType: UInt16? {
        switch linkType {
        case .linuxCooked: return header.uint16BE(at: Field.cookedProtocol)
        case .linuxCooked2: return header.uint16BE(at: Field.cooked2Protocol)
        default:
            switch addressFamily {
            case 2: return EtherType.ipv4  // AF_INET everywhere
            case 10, 24, 28, 30: return EtherType.ipv6  // AF_INET6: Linux, NetBSD/OpenBSD, FreeBSD, macOS
            default: return nil
            }
        }
    }
}
