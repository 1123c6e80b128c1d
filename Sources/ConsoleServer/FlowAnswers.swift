import Hummingbird

/// The JSON bodies of the flow API (described in ``FlowOpenAPI``). Every answer names the table it
/// read and whether its counts are estimates (some flows were sampled and multiplied up).
public enum FlowAnswers {
    public struct Counts: Codable, Sendable, Hashable {
        public var bytes: Int64 = 0, packets: Int64 = 0, flows: Int64 = 0
        public init(bytes: Int64 = 0, packets: Int64 = 0, flows: Int64 = 0) {
            (self.bytes, self.packets, self.flows) = (bytes, packets, flows)
        }
    }
    public struct Endpoint: Codable, Sendable, Hashable {
        public var key: String, vm: String, host: String, network: String
    }
    public struct Talker: Codable, Sendable {
        /// What the row groups by: the pair `SOURCE > DESTINATION PROTOCOL/PORT`, a VM key, a host, a network, `PROTOCOL/PORT`.
        public var key: String
        /// The VM's name (group vm and endpoint), else the key.
        public var name: String
        public var source: Endpoint?
        public var destination: Endpoint?
        public var `protocol`: Int64?
        public var port: Int64?
        public var bytes: Int64, packets: Int64, flows: Int64
        public var firstSeen: Int64?
        public var estimated: Bool
    }
    public struct Top: ResponseCodable, Sendable {
        public var table: String, resolution: Int64, start: Int64, end: Int64, by: String, group: String
        public var estimated: Bool
        public var totals: Counts
        public var items: [Talker]
    }
    public struct Point: Codable, Sendable {
        public var start: Int64, bytes: Int64, packets: Int64, flows: Int64
    }
    public struct Series: ResponseCodable, Sendable {
        public var table: String, resolution: Int64, interval: Int64, start: Int64, end: Int64
        public var estimated: Bool
        public var totals: Counts
        public var points: [Point]
    }
}
