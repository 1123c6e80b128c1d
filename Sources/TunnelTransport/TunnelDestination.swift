import GRE

/// One place tapped frames are sent: its tunnel, how it is reached, and its caps.
public struct TunnelDestination: Hashable, Sendable {
    /// How packets leave the host.
    public enum Transport: String, Hashable, Sendable {
        /// A raw socket carrying our own outer IP header (and fragments): GRE,
        /// ERSPAN, and UDP encapsulations with per-flow source ports. Needs root.
        case raw
        /// A UDP socket: VXLAN and GRE-in-UDP without root. The kernel builds
        /// the outer IP/UDP headers (one source port) and fragments if needed.
        case datagram
    }

    public var name: String
    public var endpoint: TunnelEndpoint
    public var transport: Transport
    /// Most bits per second sent to this destination (frames over it are dropped and counted), or nil.
    public var bitsPerSecondCap: UInt64?
    /// Most frames per second, or nil.
    public var framesPerSecondCap: UInt64?

    /// `transport` defaults to `.datagram` for UDP encapsulations and `.raw` otherwise.
    public init(name: String, endpoint: TunnelEndpoint, transport: Transport? = nil, bitsPerSecondCap: UInt64? = nil,
                framesPerSecondCap: UInt64? = nil) {
        self.name = name
        self.endpoint = endpoint
        self.transport = transport ?? (endpoint.encapsulation.usesUDP ? .datagram : .raw)
        self.bitsPerSecondCap = bitsPerSecondCap
        self.framesPerSecondCap = framesPerSecondCap
    }
}
