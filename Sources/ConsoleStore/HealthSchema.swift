import SQLKit

extension ConsoleSchema {
    /// Part 3: `heartbeat_samples`, what each agent heartbeat added to each counter (see
    /// ``HeartbeatSample``): per agent, time (milliseconds) and destination (empty for the agent's
    /// own row), the time since the agent's previous heartbeat, and the increases of packets, bytes,
    /// drops and send errors (per destination), capture drops and exported flows (the agent's row).
    /// Indexed by agent and time (the health series) and by time (expiry).
    public static let health: [ConsoleMigration] = [
        ConsoleMigration("0008-heartbeat-samples") { db in
            try await db.create(table: "heartbeat_samples").ifNotExists()
                .column("agent_id", type: .text, .notNull)
                .column("at", type: .bigint, .notNull)
                .column("destination", type: .text, .notNull)
                .column("elapsed_milliseconds", type: .bigint, .notNull)
                .column("packets", type: .bigint, .notNull)
                .column("bytes", type: .bigint, .notNull)
                .column("drops", type: .bigint, .notNull)
                .column("errors", type: .bigint, .notNull)
                .column("capture_drops", type: .bigint, .notNull)
                .column("flows_exported", type: .bigint, .notNull)
                .run()
            try await db.create(index: "heartbeat_samples_agent_at").on("heartbeat_samples").column("agent_id")
                .column("at").run()
            try await db.create(index: "heartbeat_samples_at").on("heartbeat_samples").column("at").run()
        }
    ]
}
