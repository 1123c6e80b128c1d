import NetworkTypes

/// One flow record decoded from any exporter's v5, v9 or IPFIX datagram.
///
/// Packet and byte counts are renormalised: multiplied by the sampling
/// interval the exporter announced (`samplingInterval`, 1 when unsampled).
/// Times are absolute, in milliseconds since the Unix epoch.
public struct CollectedFlow: Hashable, Sendable {
    public var version: UInt16 = 0
    /// v9 source ID / IPFIX observation domain (v5: engine type << 8 | engine ID).
    public var observationDomain: UInt32 = 0
    public var sourceAddress: IPAddress = .v4(IPv4Address(rawValue: 0))
    public var destinationAddress: IPAddress = .v4(IPv4Address(rawValue: 0))
    public var sourcePort: UInt16 = 0
    /// For ICMP: type << 8 | code.
    public var destinationPort: UInt16 = 0
    public var ipProtocol: UInt8 = 0
    public var typeOfService: UInt8 = 0
    public var tcpFlags: UInt8 = 0
    public var packets: UInt64 = 0
    public var bytes: UInt64 = 0
    public var startMilliseconds: Int64 = 0
    public var endMilliseconds: Int64 = 0
    public var ingressInterface: UInt32 = 0
    public var egressInterface: UInt32 = 0
    public var vlanID: UInt16 = 0
    /// The interval the counts were multiplied by.
    public var samplingInterval: UInt32 = 1
    /// IPFIX flowEndReason (0 when absent).
    public var endReason: UInt8 = 0
    /// IPFIX virtualStationName / virtualStationUUID, when the exporter sent them.
    public var vmName: String?
    public var vmUUID: UInt128 = 0

    public init() {}
}

/// Receives decoded flows (generic, so decoding is specialised).
public protocol CollectedFlowSink {
    mutating func collected(_ flow: CollectedFlow, from exporter: ExporterID)
}

/// Keeps every decoded flow (tests, small tools).
public struct CollectedFlowList: CollectedFlowSink, Sendable {
    public var flows: [CollectedFlow] = []
    public init() {}
    public mutating func collected(_ flow: CollectedFlow, from exporter: ExporterID) { flows.append(flow) }
}
