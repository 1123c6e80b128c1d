/// The protocol layer (or file structure) an error or a decoded part belongs to.
///
/// A struct with static members rather than an enum, so that other modules
/// (tunnels, flow export) can name their own layers: `Layer(rawValue: "gre")`.
public struct Layer: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The layer's name as messages show it (`ipv4`, `gre`).
    public let rawValue: String
    /// The layer named `rawValue`.
    @inlinable public init(rawValue: String) { self.rawValue = rawValue }
    /// The layer's name.
    public var description: String { rawValue }

    /// The Ethernet header.
    public static let ethernet = Layer(rawValue: "ethernet")
    /// An 802.1Q or 802.1ad tag.
    public static let vlan = Layer(rawValue: "vlan")
    /// An ARP packet.
    public static let arp = Layer(rawValue: "arp")
    /// The IPv4 header.
    public static let ipv4 = Layer(rawValue: "ipv4")
    /// The IPv6 fixed header.
    public static let ipv6 = Layer(rawValue: "ipv6")
    /// An IPv6 extension header.
    public static let ipv6Extension = Layer(rawValue: "ipv6-extension")
    /// The TCP header.
    public static let tcp = Layer(rawValue: "tcp")
    /// The UDP header.
    public static let udp = Layer(rawValue: "udp")
    /// The ICMP header.
    public static let icmp = Layer(rawValue: "icmp")
    /// The ICMPv6 header.
    public static let icmpv6 = Layer(rawValue: "icmpv6")
    /// The Linux cooked v1 header (LINKTYPE_LINUX_SLL).
    public static let linuxCooked = Layer(rawValue: "linux-sll")
    /// The Linux cooked v2 header (LINKTYPE_LINUX_SLL2).
    public static let linuxCooked2 = Layer(rawValue: "linux-sll2")
    /// BSD / OpenBSD loopback (LINKTYPE_NULL, LINKTYPE_LOOP).
    public static let loopback = Layer(rawValue: "loopback")
    /// The link layer of a capture whose link type is not decoded.
    public static let link = Layer(rawValue: "link")
}

/// The one error of the packet path: what went wrong, in which layer, and at
/// which byte offset from the start of the frame.
///
/// Small and made of trivially copyable parts (a literal-backed `Layer` name is
/// immortal), so that throwing it through `throws(WireError)` never allocates.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An opaque, extensible error code (swift-asn1 style).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        @usableFromInline enum Backing: UInt8, Sendable { case truncated, malformed, unsupported, tooLarge }
        @usableFromInline let backing: Backing
        @inlinable init(_ backing: Backing) { self.backing = backing }

        /// The bytes end before a header or a length field says they should.
        public static let truncated = Code(.truncated)
        /// A field holds a value the protocol forbids (bad version, header
        /// length below the minimum, a length that contradicts another).
        public static let malformed = Code(.malformed)
        /// Well-formed but not something this decoder handles.
        public static let unsupported = Code(.unsupported)
        /// A structure exceeds a hard limit (too many tags or extension headers).
        public static let tooLarge = Code(.tooLarge)

        /// `truncated`, `malformed`, `unsupported` or `too large`.
        public var description: String {
            switch backing {
            case .truncated: "truncated"
            case .malformed: "malformed"
            case .unsupported: "unsupported"
            case .tooLarge: "too large"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// Where it went wrong.
    public var layer: Layer
    /// Byte offset from the start of the frame where the problem was found.
    public var offset: Int32

    /// An error of `code` in `layer` at byte `offset` of the frame (kept in 32 bits).
    @inlinable
    public init(code: Code, layer: Layer, offset: Int) {
        self.code = code
        self.layer = layer
        self.offset = Int32(truncatingIfNeeded: offset)
    }

    /// `code layer at byte N`, for example `truncated ipv4 at byte 14`.
    public var description: String { "\(code) \(layer) at byte \(offset)" }
}
