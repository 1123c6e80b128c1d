import NetworkTypes

/// What the collector reports: totals, per protocol, per source address (top
/// talkers), per exporter, and per VM when a resolver is given or the
/// exporter sent VM names.
public struct FlowSummary: CollectedFlowSink, Sendable {
    /// Every flow added up.
    public var totals = FlowTotals()
    /// Totals per IP protocol number.
    public var byProtocol: [UInt8: FlowTotals] = [:]
    /// Totals per source address (for the top talkers).
    public var bySource: [IPAddress: FlowTotals] = [:]
    /// Totals per exporter.
    public var byExporter: [ExporterID: FlowTotals] = [:]
    /// Totals per VM name: the exporter's IPFIX VM name, else the resolver's answer; flows of no VM are not in it.
    public var byVM: [String: FlowTotals] = [:]
    /// The earliest flow start, milliseconds since 1970 (`Int64.max` before the first flow).
    public var firstMilliseconds: Int64 = .max
    /// The latest flow end, milliseconds since 1970 (`Int64.min` before the first flow).
    public var lastMilliseconds: Int64 = .min
    /// Names the VM of flows whose exporter sent no VM name.
    public var vmResolver: (any FlowVMResolver)?

    /// An empty summary, naming VMs with `vmResolver` when given.
    public init(vmResolver: (any FlowVMResolver)? = nil) { self.vmResolver = vmResolver }

    /// Adds `flow` to the totals, its protocol, source address, exporter and VM.
    public mutating func collected(_ flow: CollectedFlow, from exporter: ExporterID) {
        totals.add(packets: flow.packets, bytes: flow.bytes)
        byProtocol[flow.ipProtocol, default: FlowTotals()].add(packets: flow.packets, bytes: flow.bytes)
        bySource[flow.sourceAddress, default: FlowTotals()].add(packets: flow.packets, bytes: flow.bytes)
        byExporter[exporter, default: FlowTotals()].add(packets: flow.packets, bytes: flow.bytes)
        if flow.startMilliseconds < firstMilliseconds { firstMilliseconds = flow.startMilliseconds }
        if flow.endMilliseconds > lastMilliseconds { lastMilliseconds = flow.endMilliseconds }
        if let name = flow.vmName
            ?? vmResolver?.vm(
                forFlow: flow.sourceAddress,
                destination: flow.destinationAddress,
                interfaceIndex: flow.ingressInterface
            )?.name
        {
            byVM[name, default: FlowTotals()].add(packets: flow.packets, bytes: flow.bytes)
        }
    }

    /// The `count` source addresses with the most bytes (or packets); ties
    /// are broken by address so the order is stable.
    public func topTalkers(count: Int, byPackets: Bool = false) -> [(address: IPAddress, totals: FlowTotals)] {
        bySource.sorted { a, b in
            let x = byPackets ? a.value.packets : a.value.bytes
            let y = byPackets ? b.value.packets : b.value.bytes
            return x != y ? x > y : a.key < b.key
        }.prefix(count).map { ($0.key, $0.value) }
    }
}
