/// What an agent reports every heartbeat: the bundle revision it applied and its counters.
public struct AgentHeartbeat: Codable, Sendable, Equatable {
    /// The ``ConfigBundle/revision`` the agent runs; `nil` before it applied any.
    public var appliedRevision: String?
    /// Counters per destination of the policy the agent runs.
    public var destinations: [HeartbeatDestination]
    /// Frames the kernel dropped for lack of capture buffer, summed over every interface since the agent started.
    public var captureDrops: UInt64
    /// The host interfaces the agent is capturing on now.
    public var interfaces: [String]
    /// Flow records exported to the collector since the agent started.
    public var flowsExported: UInt64

    /// A report for `appliedRevision`; the counters default to zero and the lists to empty.
    public init(
        appliedRevision: String?,
        destinations: [HeartbeatDestination] = [],
        captureDrops: UInt64 = 0,
        interfaces: [String] = [],
        flowsExported: UInt64 = 0
    ) {
        self.appliedRevision = appliedRevision
        self.destinations = destinations
        self.captureDrops = captureDrops
        self.interfaces = interfaces
        self.flowsExported = flowsExported
    }
}

/// Per-destination counters since the agent started.
public struct HeartbeatDestination: Codable, Sendable, Equatable {
    /// The destination's name in the policy.
    public var name: String
    /// Outer packets handed to the kernel (fragments count one each).
    public var packets: UInt64
    /// Outer bytes handed to the kernel.
    public var bytes: UInt64
    /// Frames not sent on purpose: dropped by the rate cap or skipped by sampling.
    public var drops: UInt64
    /// Packets the kernel refused to send.
    public var errors: UInt64

    /// Counters for destination `name`, as given.
    public init(name: String, packets: UInt64, bytes: UInt64, drops: UInt64, errors: UInt64) {
        self.name = name
        self.packets = packets
        self.bytes = bytes
        self.drops = drops
        self.errors = errors
    }
}
