import SQLKit

// Enrolled agents and their heartbeats.
extension ConsoleStore {
    public func addAgent(_ agent: AgentRecord) async throws { try await insert(agent, into: "agents") }

    public func agent(secretHash: String) async throws -> AgentRecord? {
        try await first(
            sql.select().column("*").from("agents").where("secret_hash", .equal, secretHash),
            as: AgentRecord.self
        )
    }

    public func agent(id: String) async throws -> AgentRecord? {
        try await first(sql.select().column("*").from("agents").where("id", .equal, id), as: AgentRecord.self)
    }

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
