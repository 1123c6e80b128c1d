import ConsoleFlows
import SQLKit

extension ConsoleSchema {
    /// Part 2: the flow rollup tables, one per `FlowRollupResolution` (`flow_rollup_1m`,
    /// `flow_rollup_5m`, `flow_rollup_1h`), each keyed by bucket start (seconds), endpoint pair,
    /// IP protocol and service port, with bytes, packets, flows and the flows counted from sampled
    /// records (`estimated_flows`).
    public static let flows: [ConsoleMigration] = [
        ConsoleMigration("0007-flow-rollups") { db in
            for resolution in FlowRollupResolution.allCases {
                try await db.create(table: resolution.tableName).ifNotExists()
                    .column("bucket", type: .bigint, .notNull)
                    .column("src_key", type: .text, .notNull)
                    .column("dst_key", type: .text, .notNull)
                    .column("protocol", type: .bigint, .notNull)
                    .column("port", type: .bigint, .notNull)
                    .column("src_vm", type: .text, .notNull)
                    .column("src_host", type: .text, .notNull)
                    .column("src_network", type: .text, .notNull)
                    .column("dst_vm", type: .text, .notNull)
                    .column("dst_host", type: .text, .notNull)
                    .column("dst_network", type: .text, .notNull)
                    .column("bytes", type: .bigint, .notNull)
                    .column("packets", type: .bigint, .notNull)
                    .column("flows", type: .bigint, .notNull)
                    .column("estimated_flows", type: .bigint, .notNull)
                    .primaryKey("bucket", "src_key", "dst_key", "protocol", "port")
                    .run()
            }
        }
    ]

    /// Every migration of this console: ``core``, ``flows``, then ``health``.
    public static let all: [ConsoleMigration] = core + flows + health
}
