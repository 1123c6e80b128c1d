import NetworkTypes

/// One place tapped frames are sent: the tunnel's remote end, how frames are
/// wrapped, the outer header, the path MTU and what happens above it, and the
/// caps. A policy's `destinations:` entries, a `tapctl encap KIND:ADDRESS`
/// argument and the sender all use this one type.
public struct TunnelDestination: Hashable, Sendable {
    /// How packets leave the host.
    public enum Transport: String, Hashable, Sendable, Codable {
        /// A raw socket carrying our own outer IP header (and fragments): GRE,
        /// ERSPAN, and UDP encapsulations with per-flow source ports. Needs root.
        case raw
        /// A UDP socket: VXLAN and GRE-in-UDP without root. The kernel builds
        /// the outer IP/UDP headers (one source port) and fragments if needed.
        case datagram
    }

    /// Most packets and bits per second sent to a destination; frames over a
    /// cap are dropped and counted. `nil` means no cap.
    public struct RateCaps: Hashable, Sendable {
        /// Encapsulated packets per second.
        public var packetsPerSecond: UInt64?
        /// Bits of encapsulated traffic per second.
        public var bitsPerSecond: UInt64?

        /// Caps of `packetsPerSecond` packets and `bitsPerSecond` bits per second; `nil` leaves that one uncapped.
        public init(packetsPerSecond: UInt64? = nil, bitsPerSecond: UInt64? = nil) {
            self.packetsPerSecond = packetsPerSecond
            self.bitsPerSecond = bitsPerSecond
        }
    }

    /// The path MTU assumed when none is given (Ethernet).
    public static let defaultMTU = 1500
    /// The outer TTL / hop limit used when none is given.
    public static let defaultTimeToLive: UInt8 = 64

    /// The name rules and counters refer to.
    public var name: String
    /// The tunnel's remote end (IPv4 or IPv6).
    public var address: IPAddress
    /// The local tunnel address to send from; `nil` leaves it to the host
    /// (the unspecified address of `address`'s family).
    public var source: IPAddress?
    /// How frames are wrapped, with the encapsulation's identifiers (GRE key, ERSPAN session, VNI) and UDP port.
    public var encapsulation: TunnelEncapsulation
    /// The path MTU (the largest outer IP packet) when known; `nil` means ``defaultMTU``.
    public var mtu: Int?
    /// What happens to a frame whose outer packet would exceed the MTU
    /// (default: `OversizePolicy.default(for:)`, fragments unless the
    /// encapsulation can flag a cut frame).
    public var oversize: OversizePolicy
    /// Copy at most this many bytes of each frame (flagged as truncation where
    /// the encapsulation can say so), or nil for whole frames.
    public var snapLength: Int?
    /// Send one frame in `sampling` (1 = every frame).
    public var sampling: Int
    /// The packet and bit rate caps (none by default).
    public var rateCaps: RateCaps
    /// Outer IPv4 TTL / IPv6 hop limit; `nil` means ``defaultTimeToLive``.
    public var timeToLive: UInt8?
    /// Outer DSCP (0...63); `nil` means 0.
    public var dscp: UInt8?
    /// How packets leave the host: a raw socket with our own outer IP header (root) or a UDP socket.
    public var transport: Transport
    /// Where the destination was defined, when it came from a file.
    public var location: SourceLocation?

    /// `transport` defaults to `.datagram` for UDP encapsulations and `.raw` otherwise;
    /// `oversize` to `OversizePolicy.default(for: encapsulation)`.
    public init(
        name: String,
        address: IPAddress,
        source: IPAddress? = nil,
        encapsulation: TunnelEncapsulation,
        mtu: Int? = nil,
        oversize: OversizePolicy? = nil,
        snapLength: Int? = nil,
        sampling: Int = 1,
        rateCaps: RateCaps = RateCaps(),
        timeToLive: UInt8? = nil,
        dscp: UInt8? = nil,
        transport: Transport? = nil,
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.address = address
        self.source = source
        self.encapsulation = encapsulation
        self.mtu = mtu
        self.oversize = oversize ?? .default(for: encapsulation)
        self.snapLength = snapLength
        self.sampling = sampling
        self.rateCaps = rateCaps
        self.timeToLive = timeToLive
        self.dscp = dscp.map { $0 & 0x3F }
        self.transport = transport ?? (encapsulation.usesUDP ? .datagram : .raw)
        self.location = location
    }

    /// True for an IPv6 outer header.
    public var isIPv6: Bool {
        if case .v6 = address { return true }
        return false
    }

    /// The outer source address: `source` when it is of `address`'s family,
    /// otherwise the unspecified address of that family.
    public var outerSource: IPAddress {
        switch (source, address) {
        case (.v4(let source)?, .v4): .v4(source)
        case (.v6(let source)?, .v6): .v6(source)
        case (_, .v4): .v4(IPv4Address(rawValue: 0))
        case (_, .v6): .v6(IPv6Address(rawValue: 0))
        }
    }

    /// `mtu`, or ``defaultMTU`` when none is given.
    public var effectiveMTU: Int { mtu ?? Self.defaultMTU }
}
