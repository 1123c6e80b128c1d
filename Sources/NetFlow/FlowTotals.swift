/// Flows, packets and bytes added up.
public struct FlowTotals: Hashable, Sendable, Codable {
    /// Flows added.
    public var flows: UInt64 = 0
    /// Packets added.
    public var packets: UInt64 = 0
    /// Bytes added.
    public var bytes: UInt64 = 0

    /// Totals with the given values; zero by default.
    public init(flows: UInt64 = 0, packets: UInt64 = 0, bytes: UInt64 = 0) {
        self.flows = flows
        self.packets = packets
        self.bytes = bytes
    }

    /// Adds one flow of `packets` and `bytes` (wrapping on overflow).
    @inlinable
    public mutating func add(packets: UInt64, bytes: UInt64) {
        flows &+= 1
        self.packets &+= packets
        self.bytes &+= bytes
    }
}
