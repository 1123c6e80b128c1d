/// Sequence-number tracking of one exporter's stream (address and port,
/// version, v9 source ID / IPFIX observation domain / v5 engine): what was
/// received and what its sequence numbers say was lost on the way.
///
/// v9 sequence numbers count export datagrams (RFC 3954 §5.1); v5 and IPFIX
/// count flow records sent before the datagram (RFC 7011 §3.1), so their loss
/// is in records. Exporters that count the datagram's own records too, or
/// leave options records out (softflowd 1.1's IPFIX, which tshark flags as
/// unexpected), are accepted as on time. A number behind the expected one is a reordered or repeated
/// datagram (not loss); one far behind (more than `resyncDistance`) is an
/// exporter that restarted, and tracking starts again from it.
public struct ExporterSequence: Hashable, Sendable, Codable {
    /// The exporter whose stream this is.
    public var exporter: ExporterID
    /// The stream's NetFlow version (5, 9 or 10).
    public var version: UInt16
    /// The v9 source ID, IPFIX observation domain or v5 engine type and ID.
    public var observationDomain: UInt32
    /// Datagrams received on this stream.
    public var datagrams: UInt64 = 0
    /// Gaps seen: each is at least one datagram lost.
    public var gaps: UInt64 = 0
    /// v9: datagrams lost; v5/IPFIX: records lost.
    public var lost: UInt64 = 0
    /// Datagrams whose sequence number was behind the expected one (reordered or repeated).
    public var reordered: UInt64 = 0
    /// The last in-order datagram's sequence number and unit count, when known.
    var lastSequence: UInt32?
    var lastUnits: UInt32 = 0
    /// The last datagram's units without options records (IPFIX).
    var lastFlowUnits: UInt32 = 0

    /// How far behind a sequence number may be and still count as reordering.
    public static let resyncDistance: UInt32 = 1 << 16

    /// A stream that has received nothing yet.
    public init(exporter: ExporterID, version: UInt16, observationDomain: UInt32) {
        self.exporter = exporter
        self.version = version
        self.observationDomain = observationDomain
    }

    /// Takes a datagram's sequence number and its unit count (nil when not
    /// known: data waiting for a template, a malformed datagram). Returns the
    /// units lost before it (0 when none or when reordered).
    mutating func receive(_ sequence: UInt32, units: UInt32?, flowUnits: UInt32? = nil) -> UInt64 {
        datagrams &+= 1
        let flowUnits = flowUnits ?? units
        guard let last = lastSequence else {
            remember(sequence, units, flowUnits)
            return 0
        }
        let expected = last &+ lastUnits
        let onTime =
            sequence == expected || sequence == last &+ lastFlowUnits
            || (sequence != last && (units.map { last &+ $0 } == sequence || flowUnits.map { last &+ $0 } == sequence))
        if onTime {
            remember(sequence, units, flowUnits)
            return 0
        }
        let ahead = sequence &- expected
        if ahead < 1 << 31 {
            gaps &+= 1
            lost &+= UInt64(ahead)
            remember(sequence, units, flowUnits)
            return UInt64(ahead)
        }
        reordered &+= 1
        if expected &- sequence > Self.resyncDistance { remember(sequence, units, flowUnits) }
        return 0
    }

    private mutating func remember(_ sequence: UInt32, _ units: UInt32?, _ flowUnits: UInt32?) {
        lastSequence = units == nil ? nil : sequence
        lastUnits = units ?? 0
        lastFlowUnits = flowUnits ?? lastUnits
    }
}
