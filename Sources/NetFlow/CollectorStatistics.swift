/// What a `FlowMessageDecoder` has seen: counts of datagrams, records,
/// templates, and the problems it skipped.
public struct CollectorStatistics: Hashable, Sendable, Codable {
    /// UDP datagrams given to the decoder.
    public var datagrams: UInt64 = 0
    /// Datagrams with version 5.
    public var v5Datagrams: UInt64 = 0
    /// Datagrams with version 9.
    public var v9Datagrams: UInt64 = 0
    /// Datagrams with version 10 (IPFIX).
    public var ipfixDatagrams: UInt64 = 0
    /// Flow records decoded (reverse flows of bidirectional records included).
    public var flowRecords: UInt64 = 0
    /// Options data records decoded (sampling announcements and the like).
    public var optionsRecords: UInt64 = 0
    /// Flow templates received (a refreshed template counts again).
    public var templates: UInt64 = 0
    /// Options templates received.
    public var optionsTemplates: UInt64 = 0
    /// IPFIX template withdrawals received.
    public var templateWithdrawals: UInt64 = 0
    /// Datagrams that could not be (fully) decoded; records before the fault were kept.
    public var malformedDatagrams: UInt64 = 0
    /// Data sets that arrived before their template and were held back…
    public var dataSetsBuffered: UInt64 = 0
    /// …decoded once the template came…
    public var dataSetsReplayed: UInt64 = 0
    /// …or dropped because it never came in time (or the buffer was full).
    public var dataSetsDropped: UInt64 = 0
    /// Records with a field type we do not know (skipped) or an enterprise field.
    public var enterpriseFieldsSkipped: UInt64 = 0
    /// Flows decoded from the reverse direction of RFC 5103 bidirectional
    /// records (included in `flowRecords`).
    public var reverseFlowRecords: UInt64 = 0
    /// Records whose template has a time field of a length its type does not
    /// allow, so their start or end is the message's export time.
    public var recordsTimedByExport: UInt64 = 0
    /// Gaps in the export sequence numbers, per exporter and source ID /
    /// observation domain: each is at least one datagram lost on the way.
    public var sequenceGaps: UInt64 = 0
    /// NetFlow v9 datagrams missing (its sequence numbers count datagrams).
    public var lostDatagrams: UInt64 = 0
    /// v5 and IPFIX records missing (their sequence numbers count records).
    public var lostRecords: UInt64 = 0
    /// Datagrams whose sequence number was behind the expected one
    /// (reordered or duplicated on the way, or an exporter that restarted).
    public var sequenceReordered: UInt64 = 0
    /// The first problems, with their place (kept to 20).
    public var firstErrors: [String] = []

    /// All counts zero, no errors.
    public init() {}

    mutating func note(_ error: NetFlowError, from exporter: ExporterID, datagram: UInt64) {
        malformedDatagrams += 1
        if firstErrors.count < 20 { firstErrors.append("datagram \(datagram) from \(exporter): \(error)") }
    }
}
