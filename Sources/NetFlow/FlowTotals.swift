/// Flows, packets and bytes added up.
public struct FlowTotals: Hashable, Sendable, Codable {
    public var flows: UInt64 = 0
    public var packets: UInt64 = 0
    public var bytes: UInt64 = 0

    public init(flows: UInt64 = 0, packets: UInt64 = 0, bytes: UInt64 = 0) {
        self.flows = flows
        self.packets = packets
        self.bytes = bytes
    }

    @inlinable
    public mutating func add(packets: UInt64, bytes: UInt64) {
        flows &+= 1
        self.packets &+= packets
        self.bytes &+= bytes
    }
}
