/// Everything an agent needs from the console, as `GET /api/v1/agents/{id}/config` serves it.
///
/// `revision` is a digest of the rest (also the response's ETag): the same bundle always has
/// the same revision, so an agent asks with `If-None-Match: "<revision>"` and gets 304 until
/// something it uses changes.
public struct ConfigBundle: Codable, Sendable, Equatable {
    public var revision: String
    public var agentID: String
    /// The policy revision in force (nil: the console has no policy yet; the agent taps nothing).
    public var policyRevision: Int64?
    /// The policy text (YAML), as the console validated it.
    public var policy: String?
    /// The VMs on this agent's host (and the hosts and networks), in the inventory file format
    /// (JSON), for ownership of interfaces and the policy's `vm:` and `tag:` keys.
    public var inventory: String
    /// The policy's destinations, for display (the policy text is authoritative).
    public var destinations: [BundleDestination]
    /// Where the agent exports flow records (`HOST:PORT`), if anywhere.
    public var flowExport: String?
    /// How often the agent sends a heartbeat.
    public var heartbeatIntervalSeconds: Double

    public init(
        revision: String,
        agentID: String,
        policyRevision: Int64?,
        policy: String?,
        inventory: String,
        destinations: [BundleDestination],
        flowExport: String?,
        heartbeatIntervalSeconds: Double
    ) {
        self.revision = revision
        self.agentID = agentID
        self.policyRevision = policyRevision
        self.policy = policy
        self.inventory = inventory
        self.destinations = destinations
        self.flowExport = flowExport
        self.heartbeatIntervalSeconds = heartbeatIntervalSeconds
    }
}

/// One tunnel destination of the bundle's policy.
public struct BundleDestination: Codable, Sendable, Equatable {
    public var name: String
    public var address: String
    public var encapsulation: String

    public init(name: String, address: String, encapsulation: String) {
        self.name = name
        self.address = address
        self.encapsulation = encapsulation
    }
}
