import Hummingbird

/// The JSON bodies of the flow API (described in the OpenAPI document, ``OpenAPIDocument``). Every answer names the table it
/// read and whether its counts are estimates (some flows were sampled and multiplied up).
public enum FlowAnswers {
    /// Bytes, packets and flows summed (multiplied up where the exporter sampled).
    public struct Counts: Codable, Sendable, Hashable {
        /// Bytes, IP headers included.
        public var bytes: Int64 = 0
        /// Packets.
        public var packets: Int64 = 0
        /// Flow records.
        public var flows: Int64 = 0
        /// Counts with the given values; zero by default.
        public init(bytes: Int64 = 0, packets: Int64 = 0, flows: Int64 = 0) {
            (self.bytes, self.packets, self.flows) = (bytes, packets, flows)
        }
    }

    /// One side of a flow as the rollup stored it, with the inventory's names at the flow's time.
    public struct Endpoint: Codable, Sendable, Hashable {
        /// `vm:UUID` for a VM of the inventory, else the address.
        public var key: String
        /// The VM's name; empty for an address.
        public var vm: String
        /// The host the VM ran on; empty for an address or when unknown.
        public var host: String
        /// The NIC's network; empty for an address or when unknown.
        public var network: String
    }

    /// One row of a top answer: a group and its counts over the range.
    public struct Talker: Codable, Sendable {
        /// What the row groups by: the pair `SOURCE > DESTINATION PROTOCOL/PORT`, a VM key, a host, a network, `PROTOCOL/PORT`.
        public var key: String
        /// The VM's name (group vm and endpoint), else the key.
        public var name: String
        /// Group `pair` only: the source side.
        public var source: Endpoint?
        /// Group `pair` only: the destination side.
        public var destination: Endpoint?
        /// Groups `pair` and `service`: the IP protocol number.
        public var `protocol`: Int64?
        /// Groups `pair` and `service`: the service port (0 for none).
        public var port: Int64?
        /// Bytes in the range.
        public var bytes: Int64
        /// Packets in the range.
        public var packets: Int64
        /// Flow records in the range.
        public var flows: Int64
        /// The new-conversations report only: the start (seconds since 1970) of the first bucket the pair
        /// appeared in.
        public var firstSeen: Int64?
        /// True when some of the row's flows were sampled: the counts are estimates.
        public var estimated: Bool
    }

    /// The answer of the top and new-conversations reports.
    public struct Top: ResponseCodable, Sendable {
        /// The rollup table read (`flow_rollup_1m`, `flow_rollup_5m` or `flow_rollup_1h`).
        public var table: String
        /// That table's bucket length in seconds.
        public var resolution: Int64
        /// The range read, seconds since 1970, widened to whole buckets: from `start` ...
        public var start: Int64
        /// ... to `end` (exclusive).
        public var end: Int64
        /// What the rows are ranked by: `bytes`, `packets` or `flows`.
        public var by: String
        /// What the rows group by: `pair`, `vm`, `host`, `network`, `service` or `endpoint`.
        public var group: String
        /// True when any counted flow was sampled.
        public var estimated: Bool
        /// Every row of the range that passed the filters, summed.
        public var totals: Counts
        /// The top groups, largest first (ties by key), at most the query's limit.
        public var items: [Talker]
    }

    /// One interval of a series.
    public struct Point: Codable, Sendable {
        /// The interval's start, seconds since 1970.
        public var start: Int64
        /// Bytes in the interval.
        public var bytes: Int64
        /// Packets in the interval.
        public var packets: Int64
        /// Flow records in the interval.
        public var flows: Int64
    }

    /// The answer of the series report: counts per interval over the range.
    public struct Series: ResponseCodable, Sendable {
        /// The rollup table read.
        public var table: String
        /// That table's bucket length in seconds.
        public var resolution: Int64
        /// Each point's interval in seconds, chosen from the range: 1 min to 1 day, so that a range has at most
        /// 360 points (a longer range gets whole days).
        public var interval: Int64
        /// The range read, seconds since 1970, widened to whole buckets: from `start` ...
        public var start: Int64
        /// ... to `end` (exclusive).
        public var end: Int64
        /// True when any counted flow was sampled.
        public var estimated: Bool
        /// All points summed.
        public var totals: Counts
        /// One point per interval of the range, in time order, empty intervals included.
        public var points: [Point]
    }
}
