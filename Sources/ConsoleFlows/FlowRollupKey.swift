/// What a rollup row is keyed by: its time bucket, the two endpoints, the
/// IP protocol and the service port (`FlowPortClass`).
public struct FlowRollupKey: Hashable, Sendable, Codable {
    /// Bucket start, seconds since the epoch.
    public var bucket: Int64
    /// The side that sent the flow's packets.
    public var source: FlowEndpoint
    /// The side that received them.
    public var destination: FlowEndpoint
    /// The IP protocol number (6 TCP, 17 UDP, ...).
    public var ipProtocol: UInt8
    /// The lower port when it is below the ephemeral range (49152), else 0 (see `FlowPortClass.servicePort`).
    public var servicePort: UInt16

    /// A key with the given parts; `bucket` is expected to be a bucket start of the row's resolution.
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
    /// Bytes as the exporter reported them (scaled by its sampling interval).
    public var bytes: UInt64 = 0
    /// Packets as the exporter reported them (scaled by its sampling interval).
    public var packets: UInt64 = 0
    /// Flow records summed into this row.
    public var flows: UInt64 = 0
    /// Of ``flows``, those whose exporter sampled (interval above 1).
    public var estimatedFlows: UInt64 = 0

    /// All counts zero.
    public init() {}

    /// True when any flow of the row was sampled: its numbers are an estimate.
    public var isEstimated: Bool { estimatedFlows > 0 }

    /// Adds `other`'s counts to these (wrapping on overflow, which 64-bit counters do not reach in practice).
    public mutating func add(_ other: FlowRollupCounts) {
        bytes &+= other.bytes
        packets &+= other.packets
        flows &+= other.flows
        estimatedFlows &+= other.estimatedFlows
    }
}
