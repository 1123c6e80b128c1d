import NetFlow

/// Rolls decoded flows up into 1-minute rows in memory (a `CollectedFlowSink`,
/// so the collector's decoder writes straight into it), for the store to
/// write in batches. Each flow is counted in the bucket of its start, its
/// endpoints named by `attributor` at that time.
///
/// `drain(before:)` hands over the rows of buckets that are closed;
/// `coarsened(_:to:)` turns 1-minute rows into 5-minute or 1-hour rows.
public struct FlowRollupAggregator: CollectedFlowSink, Sendable {
    /// Names each flow's endpoints (a VM at the flow's time, or an address).
    public let attributor: any FlowAttributor
    /// The 1-minute rows not yet drained, by key.
    public private(set) var rows: [FlowRollupKey: FlowRollupCounts] = [:]
    /// Flows added so far, and those counted as estimates (sampled).
    public private(set) var flowsAdded: UInt64 = 0
    /// Flows added whose counts were scaled by a sampling interval above 1.
    public private(set) var estimatedFlowsAdded: UInt64 = 0

    /// An empty aggregator naming endpoints with `attributor`.
    public init(attributor: any FlowAttributor) { self.attributor = attributor }

    /// Adds `flow` to the 1-minute row of its start time, endpoints and service port (bytes, packets, one flow, and one
    /// estimated flow when it was sampled). The exporter is not part of the key.
    public mutating func collected(_ flow: CollectedFlow, from exporter: ExporterID) {
        let (source, destination) = attributor.endpoints(of: flow)
        let key = FlowRollupKey(
            bucket: FlowRollupResolution.minute.bucket(ofMilliseconds: flow.startMilliseconds),
            source: source,
            destination: destination,
            ipProtocol: flow.ipProtocol,
            servicePort: FlowPortClass.servicePort(
                ipProtocol: flow.ipProtocol,
                sourcePort: flow.sourcePort,
                destinationPort: flow.destinationPort
            )
        )
        var counts = FlowRollupCounts()
        counts.bytes = flow.bytes
        counts.packets = flow.packets
        counts.flows = 1
        counts.estimatedFlows = flow.samplingInterval > 1 ? 1 : 0
        rows[key, default: FlowRollupCounts()].add(counts)
        flowsAdded &+= 1
        estimatedFlowsAdded &+= counts.estimatedFlows
    }

    /// Removes and returns the rows of buckets starting before `bucket`
    /// (seconds), ordered by bucket; all rows when `bucket` is nil.
    public mutating func drain(before bucket: Int64? = nil) -> [(key: FlowRollupKey, counts: FlowRollupCounts)] {
        var out: [(key: FlowRollupKey, counts: FlowRollupCounts)] = []
        if let bucket {
            for (key, counts) in rows where key.bucket < bucket { out.append((key, counts)) }
            rows = rows.filter { $0.key.bucket >= bucket }
        } else {
            out = rows.map { ($0.key, $0.value) }
            rows.removeAll()
        }
        out.sort { $0.key.bucket < $1.key.bucket }
        return out
    }

    /// The same rows at a coarser resolution (buckets merged, counts added).
    public static func coarsened(
        _ rows: [(key: FlowRollupKey, counts: FlowRollupCounts)],
        to resolution: FlowRollupResolution
    ) -> [FlowRollupKey: FlowRollupCounts] {
        var out: [FlowRollupKey: FlowRollupCounts] = [:]
        for (key, counts) in rows {
            var coarse = key
            coarse.bucket = resolution.bucket(ofSeconds: key.bucket)
            out[coarse, default: FlowRollupCounts()].add(counts)
        }
        return out
    }
}
