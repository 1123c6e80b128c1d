import SQLKit

// Enrolled agents and their heartbeats.
extension ConsoleStore {
    /// Inserts `agent`.
    ///
    /// - Throws: the database's error, for example when the id or the secret hash already exists.
    public func addAgent(_ agent: AgentRecord) async throws { try await insert(agent, into: "agents") }

    /// The agent whose secret hashes to `secretHash`; `nil` when none does.
    public func agent(secretHash: String) async throws -> AgentRecord? {
        try await first(
            sql.select().column("*").from("agents").where("secret_hash", .equal, secretHash),
            as: AgentRecord.self
        )
    }

    /// The agent with `id`; `nil` when none has it.
    public func agent(id: String) async throws -> AgentRecord? {
        try await first(sql.select().column("*").from("agents").where("id", .equal, id), as: AgentRecord.self)
    }

    /// Every enrolled agent, ordered by name.
    public func agents() async throws -> [AgentRecord] {
        try await all(sql.select().column("*").from("agents").orderBy("name"), as: AgentRecord.self)
    }

    /// Records a heartbeat: its time, the revision the agent applied, and its report (JSON).
    public func recordHeartbeat(agentID: String, at time: Int64, appliedRevision: String?, report: String) async throws
    {
        try await sql.update("agents").set("last_heartbeat_at", to: time).set("applied_revision", to: appliedRevision)
            .set("report", to: report).where("id", .equal, agentID).run()
    }
}
