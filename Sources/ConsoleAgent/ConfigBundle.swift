/// Everything an agent needs from the console, as `GET /api/v1/agents/{id}/config` serves it.
///
/// `revision` is a digest of the rest (also the response's ETag): the same bundle always has
/// the same revision, so an agent asks with `If-None-Match: "<revision>"` and gets 304 until
/// something it uses changes.
public struct ConfigBundle: Codable, Sendable, Equatable {
    /// The console's name for this content: `p<policy id>-` (`p0-` without a policy) and the first 8 bytes of the
    /// SHA-256 of the rest, in hex. Also the response's ETag.
    public var revision: String
    /// The id of the agent the bundle was made for.
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

    /// A bundle with the given parts; `revision` is stored as given (the console computes it).
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
    /// The destination's name in the policy.
    public var name: String
    /// The tunnel's remote address as text.
    public var address: String
    /// The encapsulation's short name: `gre`, `erspan2`, `erspan3`, `vxlan`, `gre-udp` or `geneve`.
    public var encapsulation: String

    /// A destination with the given texts.
    public init(name: String, address: String, encapsulation: String) {
        self.name = name
        self.address = address
        self.encapsulation = encapsulation
    }
}
