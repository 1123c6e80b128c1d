import NetworkTypes

/// A finished (or force-exported) flow, as the cache hands it to an exporter.
///
/// Packet and byte counts are what was *observed*: with 1:N sampling they are
/// the sampled packets, and the exporter announces N so that collectors can
/// renormalise. Bytes are IP bytes (IPv4 total length, IPv6 40 + payload
/// length), as NetFlow's `dOctets` / IPFIX `octetDeltaCount` define them.
public struct FlowRecord: Hashable, Sendable {
    /// The flow's 5-tuple, VLAN and interface.
    public var key: FlowKey
    /// Packets observed (after sampling).
    public var packets: UInt64
    /// IP bytes observed (after sampling).
    public var bytes: UInt64
    /// Milliseconds since the Unix epoch of the first and last packet.
    public var firstMilliseconds: Int64
    /// The last packet's time, milliseconds since 1970.
    public var lastMilliseconds: Int64
    /// Union of the TCP flags of every packet (0 for other protocols).
    public var tcpFlags: UInt8
    /// IPv4 TOS / IPv6 traffic class of the first packet.
    public var typeOfService: UInt8
    /// Why the flow ended.
    public var endReason: FlowEndReason

    /// A record with the given values.
    @inlinable
    public init(
        key: FlowKey,
        packets: UInt64,
        bytes: UInt64,
        firstMilliseconds: Int64,
        lastMilliseconds: Int64,
        tcpFlags: UInt8 = 0,
        typeOfService: UInt8 = 0,
        endReason: FlowEndReason = .forcedEnd
    ) {
        self.key = key
        self.packets = packets
        self.bytes = bytes
        self.firstMilliseconds = firstMilliseconds
        self.lastMilliseconds = lastMilliseconds
        self.tcpFlags = tcpFlags
        self.typeOfService = typeOfService
        self.endReason = endReason
    }
}
