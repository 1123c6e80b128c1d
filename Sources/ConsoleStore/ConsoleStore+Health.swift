import SQLKit

// Tap health: the heartbeat samples summed per interval, the newest heartbeats, and expiry.
extension ConsoleStore {
    static let sampleCountColumns = [
        "elapsed_milliseconds", "packets", "bytes", "drops", "errors", "capture_drops", "flows_exported",
    ]

    /// The agent's samples with times in `start..<end` (milliseconds), summed per destination and
    /// per `interval` milliseconds (intervals start at multiples of it since 1970): each sum's `at`
    /// is its interval's start and `heartbeats` the rows it adds up. Ordered by interval, then
    /// destination (the agent's own row, the empty name, first).
    public func heartbeatSampleSums(
        agentID: String,
        from start: Int64,
        to end: Int64,
        interval: Int64
    ) async throws -> [HeartbeatSample] {
        precondition(interval > 0, "an interval is positive")
        let bucket = SQLRaw("(at / \(interval)) * \(interval)")
        var query = sql.select().column("destination").column(bucket, as: "bucket")
            .column(SQLRaw("COUNT(*)"), as: "heartbeats")
        for column in Self.sampleCountColumns {
            query = query.column(SQLRaw("CAST(SUM(\(column)) AS BIGINT)"), as: column)
        }
        let rows = try await query.from("heartbeat_samples").where("agent_id", .equal, agentID)
            .where("at", .greaterThanOrEqual, start).where("at", .lessThan, end)
            .groupBy("destination").groupBy(bucket).orderBy(bucket).orderBy("destination").all()
        return try rows.map { row in
            var sample = try Self.sample(row, at: "bucket")
            sample.heartbeats = try row.decode(column: "heartbeats", as: Int64.self)
            return sample
        }
    }

    /// The rows of the agent's newest `count` heartbeats (those of its own row), oldest first.
    public func latestHeartbeatSamples(agentID: String, heartbeats count: Int) async throws -> [HeartbeatSample] {
        let times = try await sql.select().column("at").from("heartbeat_samples").where("agent_id", .equal, agentID)
            .where("destination", .equal, HeartbeatSample.agentRow).orderBy("at", .descending).limit(count).all()
            .map { try $0.decode(column: "at", as: Int64.self) }
        guard let oldest = times.last else { return [] }
        var query = sql.select().column("destination").column("at")
        for column in Self.sampleCountColumns { query = query.column(column) }
        return try await query.from("heartbeat_samples").where("agent_id", .equal, agentID)
            .where("at", .greaterThanOrEqual, oldest).orderBy("at").orderBy("destination").all()
            .map { try Self.sample($0, at: "at") }
    }

    /// Deletes the samples of heartbeats before `horizon` (milliseconds); returns the rows removed.
    @discardableResult
    public func expireHeartbeatSamples(before horizon: Int64) async throws -> Int {
        let count =
            try await sql.select().column(SQLRaw("COUNT(*)"), as: "n").from("heartbeat_samples")
            .where("at", .lessThan, horizon).first()?.decode(column: "n", as: Int64.self) ?? 0
        if count > 0 { try await sql.delete(from: "heartbeat_samples").where("at", .lessThan, horizon).run() }
        return Int(count)
    }

    static func sample(_ row: any SQLRow, at column: String) throws -> HeartbeatSample {
        var sample = HeartbeatSample(
            destination: try row.decode(column: "destination", as: String.self),
            at: try row.decode(column: column, as: Int64.self)
        )
        sample.elapsedMilliseconds = try row.decode(column: "elapsed_milliseconds", as: Int64.self)
        sample.packets = try row.decode(column: "packets", as: Int64.self)
        sample.bytes = try row.decode(column: "bytes", as: Int64.self)
        sample.drops = try row.decode(column: "drops", as: Int64.self)
        sample.errors = try row.decode(column: "errors", as: Int64.self)
        sample.captureDrops = try row.decode(column: "capture_drops", as: Int64.self)
        sample.flowsExported = try row.decode(column: "flows_exported", as: Int64.self)
        return sample
    }
}
