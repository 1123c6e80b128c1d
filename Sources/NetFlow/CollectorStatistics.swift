/// What a `FlowMessageDecoder` has seen: counts of datagrams, records,
/// templates, and the problems it skipped.
public struct CollectorStatistics: Hashable, Sendable, Codable {
    public var datagrams: UInt64 = 0
    public var v5Datagrams: UInt64 = 0
    public var v9Datagrams: UInt64 = 0
    public var ipfixDatagrams: UInt64 = 0
    public var flowRecords: UInt64 = 0
    public var optionsRecords: UInt64 = 0
    public var templates: UInt64 = 0
    public var optionsTemplates: UInt64 = 0
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
    /// The first problems, with their place (kept to 20).
    public var firstErrors: [String] = []

    public init() {}

    mutating func note(_ error: NetFlowError, from exporter: ExporterID, datagram: UInt64) {
        malformedDatagrams += 1
        if firstErrors.count < 20 { firstErrors.append("datagram \(datagram) from \(exporter): \(error)") }
    }
}
