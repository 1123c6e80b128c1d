import ConsoleFlows

/// One rollup row as stored (or summed by a query): the endpoints as their stored columns
/// (`key` is `vm:UUID` for a VM, else the address; `vm`, `host`, `network` are empty for an
/// address), the IP protocol and service port, and the counts.
public struct FlowRollupStoredRow: Sendable, Hashable, Codable {
    /// Bucket start in seconds (0 in answers summed over the whole range).
    public var bucket: Int64 = 0
    public var sourceKey = ""
    public var sourceVM = ""
    public var sourceHost = ""
    public var sourceNetwork = ""
    public var destinationKey = ""
    public var destinationVM = ""
    public var destinationHost = ""
    public var destinationNetwork = ""
    public var ipProtocol: Int64 = 0
    public var servicePort: Int64 = 0
    public var bytes: Int64 = 0
    public var packets: Int64 = 0
    public var flows: Int64 = 0
    public var estimatedFlows: Int64 = 0

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
