import NetworkTypes

/// The outer-header settings of one tunnel destination. `source` and
/// `destination` must be of the same IP version (`TunnelEncoder` traps otherwise).
public struct TunnelEndpoint: Hashable, Sendable {
    /// Outer source address (same family as `destination`).
    public var source: IPAddress
    public var destination: IPAddress
    public var encapsulation: TunnelEncapsulation
    /// Outer IPv4 TTL / IPv6 hop limit.
    public var timeToLive: UInt8
    /// Outer DSCP (6 bits).
    public var dscp: UInt8
    /// Path MTU: the largest outer IP packet.
    public var mtu: Int
    public var oversize: OversizePolicy
    /// Cut every inner frame to this many bytes (flagged as truncation), or nil.
    public var snapLength: Int?

    public init(
        source: IPAddress, destination: IPAddress, encapsulation: TunnelEncapsulation, timeToLive: UInt8 = 64,
        dscp: UInt8 = 0, mtu: Int = 1500, oversize: OversizePolicy = .truncate, snapLength: Int? = nil
    ) {
        self.source = source
        self.destination = destination
        self.encapsulation = encapsulation
        self.timeToLive = timeToLive
        self.dscp = dscp & 0x3F
        self.mtu = mtu
        self.oversize = oversize
        self.snapLength = snapLength
    }

    /// True when source and destination are of the same IP version.
    public var isConsistent: Bool {
        switch (source, destination) {
        case (.v4, .v4), (.v6, .v6): true
        default: false
        }
    }

    /// True for an IPv6 outer header.
    public var isIPv6: Bool {
        if case .v6 = destination { return true }
        return false
    }
}
