/// A tcpdump.org LINKTYPE_ value: what the bytes of a captured frame start with.
public struct LinkType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The LINKTYPE_ number.
    public let rawValue: UInt32
    /// The link type numbered `rawValue`; any value is accepted.
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// LINKTYPE_NULL (0): BSD loopback, a 4-byte address family in the capturing host's byte order.
    public static let null = LinkType(rawValue: 0)
    /// LINKTYPE_ETHERNET (1): IEEE 802.3 Ethernet.
    public static let ethernet = LinkType(rawValue: 1)
    /// LINKTYPE_RAW (101): a raw IPv4 or IPv6 packet, version in the first nibble.
    public static let raw = LinkType(rawValue: 101)
    /// LINKTYPE_LOOP (108): OpenBSD loopback, the address family in network byte order.
    public static let loop = LinkType(rawValue: 108)
    /// LINKTYPE_LINUX_SLL (113): Linux "cooked" capture (the `any` device).
    public static let linuxCooked = LinkType(rawValue: 113)
    /// LINKTYPE_IPV4 (228): raw IPv4.
    public static let ipv4 = LinkType(rawValue: 228)
    /// LINKTYPE_IPV6 (229): raw IPv6.
    public static let ipv6 = LinkType(rawValue: 229)
    /// LINKTYPE_LINUX_SLL2 (276): Linux cooked capture v2 (`tcpdump -i any` since libpcap 1.10).
    public static let linuxCooked2 = LinkType(rawValue: 276)

    /// True for the link types `PacketDecoder` decodes.
    public var isDecoded: Bool {
        switch self {
        case .ethernet, .raw, .ipv4, .ipv6, .linuxCooked, .linuxCooked2, .null, .loop: true
        default: false
        }
    }

    /// A short name for the known types (`ethernet`, `raw`, `linux-sll`, ...), `linktype-N` for others.
    public var description: String {
        switch self {
        case .null: "null"
        case .ethernet: "ethernet"
        case .loop: "loop"
        case .raw: "raw"
        case .linuxCooked: "linux-sll"
        case .ipv4: "ipv4"
        case .ipv6: "ipv6"
        case .linuxCooked2: "linux-sll2"
        default: "linktype-\(rawValue)"
        }
    }
}
