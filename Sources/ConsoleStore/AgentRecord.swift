/// An enrolled agent: its name (the host), when and from where it enrolled, and its last report.
public struct AgentRecord: Codable, Sendable, Equatable {
    /// The agent's id: 16 hex digits, used in the API's paths.
    public var id: String
    /// The name the agent enrolled with: its host's name in the inventory (not unique).
    public var name: String
    /// The SHA-256 of the agent's secret, in hex (unique).
    public var secretHash: String
    /// When the agent enrolled, in milliseconds since 1970.
    public var enrolledAt: Int64
    /// The address the enrollment came from (`local` without a peer address).
    public var enrolledFrom: String
    /// When the last heartbeat arrived, in milliseconds since 1970; `nil` before the first.
    public var lastHeartbeatAt: Int64?
    /// The bundle revision the last heartbeat said the agent runs.
    public var appliedRevision: String?
    /// The last heartbeat's JSON body (counters), as the agent sent it.
    public var report: String?

    /// An agent record with the given columns.
    public init(
        id: String,
        name: String,
        secretHash: String,
        enrolledAt: Int64,
        enrolledFrom: String,
        lastHeartbeatAt: Int64? = nil,
        appliedRevision: String? = nil,
        report: String? = nil
    ) {
        self.id = id
        self.name = name
        self.secretHash = secretHash
        self.enrolledAt = enrolledAt
        self.enrolledFrom = enrolledFrom
        self.lastHeartbeatAt = lastHeartbeatAt
        self.appliedRevision = appliedRevision
        self.report = report
    }
}
