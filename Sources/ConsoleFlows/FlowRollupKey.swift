/// What a rollup row is keyed by: its time bucket, the two endpoints, the
/// IP protocol and the service port (`FlowPortClass`).
public struct FlowRollupKey: Hashable, Sendable, Codable {
    /// Bucket start, seconds since the epoch.
    public var bucket: Int64
    public var source: FlowEndpoint
    public var destination: FlowEndpoint
    public var ipProtocol: UInt8
    public var servicePort: UInt16

    public init(bucket: Int64, source: FlowEndpoint, destination: FlowEndpoint, ipProtocol: UInt8, servicePort: UInt16)
    {
        self.bucket = bucket
        self.source = source
        self.destination = destination
        self.ipProtocol = ipProtocol
        self.servicePort = servicePort
    }
}

/// The counts of one rollup row. `estimatedFlows` counts the flows whose
/// numbers were multiplied by a sampling interval: a row with any is an
/// estimate.
public struct FlowRollupCounts: Hashable, Sendable, Codable {
    public var bytes: UInt64 = 0
    public var packets: UInt64 = 0
    public var flows: UInt64 = 0
    public var estimatedFlows: UInt64 = 0

    public init() {}

    public var isEstimated: Bool { estimatedFlows > 0 }

    public mutating func add(_ other: FlowRollupCounts) {
        bytes &+= other.bytes
        packets &+= other.packets
        flows &+= other.flows
        estimatedFlows &+= other.estimatedFlows
    }
}
