import ConsoleFlows

/// One rollup row as stored (or summed by a query): the endpoints as their stored columns
/// (`key` is `vm:UUID` for a VM, else the address; `vm`, `host`, `network` are empty for an
/// address), the IP protocol and service port, and the counts.
public struct FlowRollupStoredRow: Sendable, Hashable, Codable {
    /// Bucket start in seconds (0 in answers summed over the whole range).
    public var bucket: Int64 = 0
    /// The source endpoint: `vm:UUID` for a VM, else its address.
    public var sourceKey = ""
    /// The source VM's name at the flow's time; empty for an address.
    public var sourceVM = ""
    /// The host the source VM ran on at the flow's time; empty for an address or when unknown.
    public var sourceHost = ""
    /// The source NIC's network; empty for an address or when unknown.
    public var sourceNetwork = ""
    /// The destination endpoint: `vm:UUID` for a VM, else its address.
    public var destinationKey = ""
    /// The destination VM's name at the flow's time; empty for an address.
    public var destinationVM = ""
    /// The host the destination VM ran on at the flow's time; empty for an address or when unknown.
    public var destinationHost = ""
    /// The destination NIC's network; empty for an address or when unknown.
    public var destinationNetwork = ""
    /// The IP protocol number.
    public var ipProtocol: Int64 = 0
    /// The service port (the lower port below 49152, else 0).
    public var servicePort: Int64 = 0
    /// Bytes, scaled by the exporters' sampling intervals.
    public var bytes: Int64 = 0
    /// Packets, scaled by the exporters' sampling intervals.
    public var packets: Int64 = 0
    /// Flow records summed into the row.
    public var flows: Int64 = 0
    /// Of ``flows``, those whose exporter sampled.
    public var estimatedFlows: Int64 = 0

    /// An empty row: every column zero or empty.
    public init() {}

    /// The stored form of a rollup row.
    public init(_ key: FlowRollupKey, _ counts: FlowRollupCounts) {
        bucket = key.bucket
        (sourceKey, sourceVM, sourceHost, sourceNetwork) = Self.columns(key.source)
        (destinationKey, destinationVM, destinationHost, destinationNetwork) = Self.columns(key.destination)
        ipProtocol = Int64(key.ipProtocol)
        servicePort = Int64(key.servicePort)
        bytes = Int64(truncatingIfNeeded: counts.bytes)
        packets = Int64(truncatingIfNeeded: counts.packets)
        flows = Int64(truncatingIfNeeded: counts.flows)
        estimatedFlows = Int64(truncatingIfNeeded: counts.estimatedFlows)
    }

    /// `vm:` and the UUID in its 8-4-4-4-12 form for a VM, the address otherwise.
    public static func columns(_ endpoint: FlowEndpoint) -> (key: String, vm: String, host: String, network: String) {
        switch endpoint {
        case .address(let address): (address.description, "", "", "")
        case .vm(let vm): ("vm:" + uuidText(vm.uuid), vm.name, vm.host, vm.network)
        }
    }

    /// A UUID's 128 bits as lower-case `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    public static func uuidText(_ bits: UInt128) -> String {
        let hex = String(bits, radix: 16)
        let digits = Array(String(repeating: "0", count: max(0, 32 - hex.count)) + hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(digits[$0]) }.joined(separator: "-")
    }

    /// True when some of the counts were multiplied by a sampling interval.
    public var isEstimated: Bool { estimatedFlows > 0 }
}
