/// What an agent reports every heartbeat: the bundle revision it applied and its counters.
public struct AgentHeartbeat: Codable, Sendable, Equatable {
    public var appliedRevision: String?
    public var destinations: [HeartbeatDestination]
    public var captureDrops: UInt64
    public var interfaces: [String]
    public var flowsExported: UInt64

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
    public var name: String
    public var packets: UInt64
    public var bytes: UInt64
    public var drops: UInt64
    public var errors: UInt64

    public init(name: String, packets: UInt64, bytes: UInt64, drops: UInt64, errors: UInt64) {
        self.name = name
        self.packets = packets
        self.bytes = bytes
        self.drops = drops
        self.errors = errors
    }
}
