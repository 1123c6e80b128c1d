/// An enrolled agent: its name (the host), when and from where it enrolled, and its last report.
public struct AgentRecord: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var secretHash: String
    public var enrolledAt: Int64
    public var enrolledFrom: String
    public var lastHeartbeatAt: Int64?
    public var appliedRevision: String?
    /// The last heartbeat's JSON body (counters), as the agent sent it.
    public var report: String?

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
