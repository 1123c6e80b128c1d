/// The protocol layer (or file structure) an error or a decoded part belongs to.
///
/// A struct with static members rather than an enum, so that other modules
/// (tunnels, flow export) can name their own layers: `Layer(rawValue: "gre")`.
public struct Layer: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    @inlinable public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let ethernet = Layer(rawValue: "ethernet")
    public static let vlan = Layer(rawValue: "vlan")
    public static let arp = Layer(rawValue: "arp")
    public static let ipv4 = Layer(rawValue: "ipv4")
    public static let ipv6 = Layer(rawValue: "ipv6")
    public static let ipv6Extension = Layer(rawValue: "ipv6-extension")
    public static let tcp = Layer(rawValue: "tcp")
    public static let udp = Layer(rawValue: "udp")
    public static let icmp = Layer(rawValue: "icmp")
    public static let icmpv6 = Layer(rawValue: "icmpv6")
    public static let linuxCooked = Layer(rawValue: "linux-sll")
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

        public var description: String {
            switch backing {
            case .truncated: "truncated"
            case .malformed: "malformed"
            case .unsupported: "unsupported"
            case .tooLarge: "too large"
            }
        }
    }

    public var code: Code
    public var layer: Layer
    /// Byte offset from the start of the frame where the problem was found.
    public var offset: Int32

    @inlinable
    public init(code: Code, layer: Layer, offset: Int) {
        self.code = code
        self.layer = layer
        self.offset = Int32(truncatingIfNeeded: offset)
    }

    public var description: String { "\(code) \(layer) at byte \(offset)" }
}
