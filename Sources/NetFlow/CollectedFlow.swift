import NetworkTypes

/// One flow record decoded from any exporter's v5, v9 or IPFIX datagram.
///
/// Packet and byte counts are renormalised: multiplied by the sampling
/// interval the exporter announced (`samplingInterval`, 1 when unsampled).
/// Times are absolute, in milliseconds since the Unix epoch.
public struct CollectedFlow: Hashable, Sendable {
    /// The version of the datagram it came in: 5, 9 or 10 (IPFIX).
    public var version: UInt16 = 0
    /// v9 source ID / IPFIX observation domain (v5: engine type << 8 | engine ID).
    public var observationDomain: UInt32 = 0
    /// The flow's source address.
    public var sourceAddress: IPAddress = .v4(IPv4Address(rawValue: 0))
    /// The flow's destination address.
    public var destinationAddress: IPAddress = .v4(IPv4Address(rawValue: 0))
    /// The TCP/UDP source port; 0 for other protocols.
    public var sourcePort: UInt16 = 0
    /// For ICMP: type << 8 | code.
    public var destinationPort: UInt16 = 0
    /// The IP protocol number.
    public var ipProtocol: UInt8 = 0
    /// The IPv4 TOS or IPv6 traffic class byte.
    public var typeOfService: UInt8 = 0
    /// The union of the TCP flags seen; 0 for other protocols.
    public var tcpFlags: UInt8 = 0
    /// Packets, multiplied by ``samplingInterval``.
    public var packets: UInt64 = 0
    /// Bytes (IP headers included), multiplied by ``samplingInterval``.
    public var bytes: UInt64 = 0
    /// The first packet's time, milliseconds since 1970 (the export time when the template's time fields were
    /// unusable).
    public var startMilliseconds: Int64 = 0
    /// The last packet's time, milliseconds since 1970 (the export time when the template's time fields were unusable).
    public var endMilliseconds: Int64 = 0
    /// The exporter's index of the interface the packets arrived on; 0 when not sent.
    public var ingressInterface: UInt32 = 0
    /// The exporter's index of the interface the packets left on; 0 when not sent.
    public var egressInterface: UInt32 = 0
    /// The VLAN ID; 0 when untagged or not sent.
    public var vlanID: UInt16 = 0
    /// The interval the counts were multiplied by.
    public var samplingInterval: UInt32 = 1
    /// IPFIX flowEndReason (0 when absent).
    public var endReason: UInt8 = 0
    /// IPFIX virtualStationName / virtualStationUUID, when the exporter sent them.
    public var vmName: String?
    /// IPFIX virtualStationUUID as a 128-bit number; 0 when not sent.
    public var vmUUID: UInt128 = 0

    /// An empty flow: every field zero, unsampled (interval 1), no VM.
    public init() {}
}

/// Receives decoded flows (generic, so decoding is specialised).
public protocol CollectedFlowSink {
    /// Receives one decoded flow and the exporter that sent it; called once per flow, reverse flows of bidirectional
    /// records included.
    mutating func collected(_ flow: CollectedFlow, from exporter: ExporterID)
}

/// Keeps every decoded flow (tests, small tools).
public struct CollectedFlowList: CollectedFlowSink, Sendable {
    /// Every flow received, in decoding order.
    public var flows: [CollectedFlow] = []
    /// An empty list.
    public init() {}
    /// Appends `flow`; the exporter is not kept.
    public mutating func collected(_ flow: CollectedFlow, from exporter: ExporterID) { flows.append(flow) }
}
