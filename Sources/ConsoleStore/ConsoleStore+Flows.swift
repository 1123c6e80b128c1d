import ConsoleFlows
import SQLKit

// Flow rollups: batched upserts into the three tables, expiry, and the sums queries read.
extension ConsoleStore {
    /// Rows per INSERT statement: 15 binds each stays far below SQLite's and PostgreSQL's limits.
    static let rollupRowsPerStatement = 500

    static let rollupKeyColumns = ["bucket", "src_key", "dst_key", "protocol", "port"]
    static let rollupColumns =
        rollupKeyColumns + [
            "src_vm", "src_host", "src_network", "dst_vm", "dst_host", "dst_network", "bytes", "packets", "flows",
            "estimated_flows",
        ]
    static let rollupCountColumns = ["bytes", "packets", "flows", "estimated_flows"]

    /// Adds 1-minute rows to `flow_rollup_1m` and their coarsened sums to the 5-minute and 1-hour
    /// tables, in one transaction, with multi-row inserts that add the counts to a row that
    /// already exists (the same SQL on SQLite and PostgreSQL). Returns the rows written per table.
    @discardableResult
    public func addFlowRollups(_ minuteRows: [(key: FlowRollupKey, counts: FlowRollupCounts)]) async throws -> Int {
        guard !minuteRows.isEmpty else { return 0 }
        var batches: [(String, [FlowRollupStoredRow])] = []
        for resolution in FlowRollupResolution.allCases {
            let rows: [FlowRollupStoredRow] =
                resolution == .minute
                ? minuteRows.map { FlowRollupStoredRow($0.key, $0.counts) }
                : FlowRollupAggregator.coarsened(minuteRows, to: resolution).map {
                    FlowRollupStoredRow($0.key, $0.value)
                }
            batches.append((resolution.tableName, rows))
        }
        let work = batches
        try await inTransaction { db in
            for (table, rows) in work {
                var start = 0
                while start < rows.count {
                    let end = min(start + Self.rollupRowsPerStatement, rows.count)
                    try await Self.upsert(rows[start..<end], into: table, on: db)
                    start = end
                }
            }
        }
        return minuteRows.count
    }

    static func upsert(_ rows: ArraySlice<FlowRollupStoredRow>, into table: String, on db: any SQLDatabase) async throws
    {
        var insert = db.insert(into: table).columns(rollupColumns)
        for row in rows {
            let values: [any Encodable & Sendable] = [
                row.bucket, row.sourceKey, row.destinationKey, row.ipProtocol, row.servicePort, row.sourceVM,
                row.sourceHost,
                row.sourceNetwork, row.destinationVM, row.destinationHost, row.destinationNetwork, row.bytes,
                row.packets,
                row.flows, row.estimatedFlows,
            ]
            insert = insert.values(values)
        }
        try await insert.onConflict(with: rollupKeyColumns) { update in
            var update = update
            for column in rollupCountColumns {
                update = update.set(column, to: SQLRaw("\(table).\(column) + excluded.\(column)"))
            }
            return update
        }.run()
    }

    /// Runs `body` in one transaction on one connection (a session of the pool on PostgreSQL) and
    /// returns its result; a thrown error rolls the transaction back.
    func inTransaction<Value: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Value
    ) async throws -> Value {
        try await sql.withSession { db in
            try await db.raw("BEGIN").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Deletes the rows each table no longer keeps at `now` (seconds); returns the rows removed per table.
    @discardableResult
    public func expireFlowRollups(retention: FlowRetention, now: Int64) async throws -> [FlowRollupResolution: Int] {
        var removed: [FlowRollupResolution: Int] = [:]
        for resolution in FlowRollupResolution.allCases {
            let horizon = retention.horizon(of: resolution, now: now)
            let count =
                try await sql.select().column(SQLRaw("COUNT(*)"), as: "n").from(resolution.tableName)
                .where("bucket", .lessThan, horizon).first()?.decode(column: "n", as: Int64.self) ?? 0
            if count > 0 { try await sql.delete(from: resolution.tableName).where("bucket", .lessThan, horizon).run() }
            removed[resolution] = Int(count)
        }
        return removed
    }

    /// Sums of `resolution`'s rows with buckets in `start..<end` (seconds) passing `filter`, one per
    /// endpoint pair (with the names the rows carry), protocol and port, and per bucket when
    /// `perBucket`.
    public func flowSums(
        _ resolution: FlowRollupResolution,
        from start: Int64,
        to end: Int64,
        filter: FlowRowFilter = .init(),
        perBucket: Bool = false
    ) async throws -> [FlowRollupStoredRow] {
        let groups =
            [
                "src_key", "dst_key", "protocol", "port", "src_vm", "src_host", "src_network", "dst_vm", "dst_host",
                "dst_network",
            ]
            + (perBucket ? ["bucket"] : [])
        var query = sql.select().columns(groups)
        for column in Self.rollupCountColumns {
            query = query.column(SQLRaw("CAST(SUM(\(column)) AS BIGINT)"), as: column)
        }
        query = query.from(resolution.tableName).where("bucket", .greaterThanOrEqual, start).where(
            "bucket",
            .lessThan,
            end
        )
        if let value = filter.ipProtocol { query = query.where("protocol", .equal, value) }
        if let value = filter.servicePort { query = query.where("port", .equal, value) }
        if let host = filter.host {
            query = query.where(group: { $0.where("src_host", .equal, host).orWhere("dst_host", .equal, host) })
        }
        for group in groups { query = query.groupBy(group) }
        return try await query.all().map { row in
            var stored = FlowRollupStoredRow()
            if perBucket { stored.bucket = try row.decode(column: "bucket", as: Int64.self) }
            stored.sourceKey = try row.decode(column: "src_key", as: String.self)
            stored.sourceVM = try row.decode(column: "src_vm", as: String.self)
            stored.sourceHost = try row.decode(column: "src_host", as: String.self)
            stored.sourceNetwork = try row.decode(column: "src_network", as: String.self)
            stored.destinationKey = try row.decode(column: "dst_key", as: String.self)
            stored.destinationVM = try row.decode(column: "dst_vm", as: String.self)
            stored.destinationHost = try row.decode(column: "dst_host", as: String.self)
            stored.destinationNetwork = try row.decode(column: "dst_network", as: String.self)
            stored.ipProtocol = try row.decode(column: "protocol", as: Int64.self)
            stored.servicePort = try row.decode(column: "port", as: Int64.self)
            stored.bytes = try row.decode(column: "bytes", as: Int64.self)
            stored.packets = try row.decode(column: "packets", as: Int64.self)
            stored.flows = try row.decode(column: "flows", as: Int64.self)
            stored.estimatedFlows = try row.decode(column: "estimated_flows", as: Int64.self)
            return stored
        }
    }

    /// The endpoint pairs (`src_key`, `dst_key`) with a row in `resolution`'s table in `start..<end`.
    public func flowPairs(
        _ resolution: FlowRollupResolution,
        from start: Int64,
        to end: Int64
    ) async throws -> Set<[String]> {
        var pairs = Set<[String]>()
        let rows = try await sql.select().distinct().column("src_key").column("dst_key").from(resolution.tableName)
            .where("bucket", .greaterThanOrEqual, start).where("bucket", .lessThan, end).all()
        for row in rows {
            pairs.insert([
                try row.decode(column: "src_key", as: String.self), try row.decode(column: "dst_key", as: String.self),
            ])
        }
        return pairs
    }

    /// The oldest bucket `resolution`'s table holds, nil when it is empty.
    public func oldestFlowBucket(_ resolution: FlowRollupResolution) async throws -> Int64? {
        try await sql.select().column(SQLRaw("MIN(bucket)"), as: "b").from(resolution.tableName).first()?
            .decode(column: "b", as: Int64?.self)
    }
}
