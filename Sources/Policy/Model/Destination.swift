import NetworkTypes

/// Where copies go and how they are wrapped: one entry of the policy's `destinations`.
///
/// The Policy library only carries these settings; the encapsulation library
/// applies them (truncation, sampling, rate caps, sequence numbers).
public struct Destination: Hashable, Sendable {
    /// The name rules refer to.
    public var name: String
    /// The tunnel's remote end (IPv4 or IPv6).
    public var address: IPAddress
    public var encapsulation: Encapsulation
    /// GRE key (RFC 2890); `gre` only, `nil` for no key field.
    public var greKey: UInt32?
    /// ERSPAN session ID (10 bits); `erspan2`/`erspan3` only, 0 when not given.
    public var erspanSession: UInt16
    /// VXLAN network identifier (24 bits); `vxlan` only, 0 when not given.
    public var vni: UInt32
    /// UDP destination port for `vxlan` (default 4789); 0 for GRE-based encapsulations.
    public var udpPort: UInt16
    /// GRE sequence numbers (`gre`; ERSPAN always carries them, VXLAN has none).
    public var sequenceNumbers: Bool
    /// Copy at most this many bytes of each frame (the original length is kept where the encapsulation can say so).
    public var truncateLength: Int?
    /// Send one frame in `sampling` (1 = every frame).
    public var sampling: Int
    /// Cap in packets per second, `nil` for none.
    public var maximumPacketsPerSecond: UInt64?
    /// Cap in bits per second of encapsulated traffic, `nil` for none.
    public var maximumBitsPerSecond: UInt64?
    /// The path MTU towards the destination, when known; larger packets are truncated and flagged, or fragmented.
    public var pathMTU: Int?
    /// DSCP (0...63) for the outer IP header, `nil` to leave it 0.
    public var dscp: UInt8?
    /// TTL / hop limit of the outer IP header, `nil` for the sender's default (64).
    public var ttl: UInt8?
    /// The local tunnel address to send from, `nil` to let the host choose.
    public var source: IPAddress?
    /// Where the destination was defined, when it came from a file.
    public var location: SourceLocation?

    public init(
        name: String, address: IPAddress, encapsulation: Encapsulation, greKey: UInt32? = nil,
        erspanSession: UInt16 = 0, vni: UInt32 = 0, udpPort: UInt16? = nil, sequenceNumbers: Bool = false,
        truncateLength: Int? = nil, sampling: Int = 1, maximumPacketsPerSecond: UInt64? = nil,
        maximumBitsPerSecond: UInt64? = nil, pathMTU: Int? = nil, dscp: UInt8? = nil, ttl: UInt8? = nil,
        source: IPAddress? = nil, location: SourceLocation? = nil
    ) {
        self.name = name
        self.address = address
        self.encapsulation = encapsulation
        self.greKey = greKey
        self.erspanSession = erspanSession
        self.vni = vni
        self.udpPort = udpPort ?? (encapsulation == .vxlan ? Destination.vxlanPort : 0)
        self.sequenceNumbers = sequenceNumbers || encapsulation == .erspan2 || encapsulation == .erspan3
        self.truncateLength = truncateLength
        self.sampling = sampling
        self.maximumPacketsPerSecond = maximumPacketsPerSecond
        self.maximumBitsPerSecond = maximumBitsPerSecond
        self.pathMTU = pathMTU
        self.dscp = dscp
        self.ttl = ttl
        self.source = source
        self.location = location
    }

    /// The IANA VXLAN port.
    public static let vxlanPort: UInt16 = 4789

    /// The tunnel this destination's copies travel in, for the self-tap guard.
    public var tunnelEndpoint: TunnelEndpoint {
        TunnelEndpoint(address: address, usesGRE: encapsulation.usesGRE, udpPort: udpPort)
    }
}
