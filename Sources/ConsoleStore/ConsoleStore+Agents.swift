import ConsoleAgent
import Foundation
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

    /// Records a heartbeat in one transaction: the agent's row gets its time, the revision the
    /// agent applied and the heartbeat as its report (JSON); `heartbeat_samples` gets what it
    /// added to each counter since the report it replaces
    /// (``HeartbeatSample/rows(of:at:after:previousAt:)``). An unknown agent changes nothing.
    /// Returns the samples written.
    @discardableResult
    public func recordHeartbeat(
        agentID: String,
        at time: Int64,
        _ heartbeat: AgentHeartbeat
    ) async throws -> [HeartbeatSample] {
        let report = String(decoding: try JSONEncoder().encode(heartbeat), as: UTF8.self)
        return try await inTransaction { db -> [HeartbeatSample] in
            // FOR UPDATE on PostgreSQL (SQLite's one writer needs none): two consoles receiving
            // heartbeats of one agent compute each increase against the report the other wrote.
            guard
                let row = try await db.select().column("last_heartbeat_at").column("report").from("agents")
                    .where("id", .equal, agentID).for(.update).first()
            else { return [] }
            let previousAt = try row.decode(column: "last_heartbeat_at", as: Int64?.self)
            let previous = try row.decode(column: "report", as: String?.self).flatMap {
                try? JSONDecoder().decode(AgentHeartbeat.self, from: Data($0.utf8))
            }
            let samples = HeartbeatSample.rows(of: heartbeat, at: time, after: previous, previousAt: previousAt)
            var insert = db.insert(into: "heartbeat_samples").columns(Self.sampleColumns)
            for sample in samples {
                let values: [any Encodable & Sendable] = [
                    agentID, sample.at, sample.destination, sample.elapsedMilliseconds, sample.packets, sample.bytes,
                    sample.drops, sample.errors, sample.captureDrops, sample.flowsExported,
                ]
                insert = insert.values(values)
            }
            try await insert.run()
            try await db.update("agents").set("last_heartbeat_at", to: time)
                .set("applied_revision", to: heartbeat.appliedRevision).set("report", to: report)
                .where("id", .equal, agentID).run()
            return samples
        }
    }

    static let sampleColumns = [
        "agent_id", "at", "destination", "elapsed_milliseconds", "packets", "bytes", "drops", "errors",
        "capture_drops", "flows_exported",
    ]
}
