import NetworkTypes
import PacketCore

/// The collector's decoder: NetFlow v5, v9 (RFC 3954) and IPFIX (RFC 7011)
/// datagrams from any number of exporters, into `CollectedFlow` values.
///
/// Guarantees:
/// - Hostile input never traps: every set, template and record length is
///   checked against the bytes present before a field is read.
/// - A bad datagram throws a `NetFlowError` with its byte offset and is
///   counted in `statistics.malformedDatagrams`; records decoded before the
///   fault were already delivered, and later datagrams decode normally.
/// - Templates and options templates are kept per exporter (address and
///   port), version and source ID / observation domain; a new definition
///   replaces the old one, IPFIX withdrawals (single and all) remove them.
/// - Data sets that arrive before their template are kept (copied) for
///   `pendingLifetimeMilliseconds` (at most `maximumPendingDataSets`) and
///   decoded as soon as the template arrives.
/// - Sampling is renormalised: counts are multiplied by the interval from the
///   v5 header, the v9/IPFIX options data (samplingInterval,
///   samplingPacketInterval/Space), or sampling fields in the record itself.
/// - Enterprise-specific and unknown fields are skipped by their length.
public struct FlowMessageDecoder: Sendable {
    /// What was decoded and what was skipped, since the decoder was made.
    public internal(set) var statistics = CollectorStatistics()
    /// How long a data set without its template is kept (receive time).
    public var pendingLifetimeMilliseconds: Int64 = 30_000
    /// The most data sets held back waiting for their template; when full, the oldest is dropped (counted).
    public var maximumPendingDataSets = 1024
    /// Most fields accepted in one template.
    public static let maximumTemplateFields = 512

    struct DomainKey: Hashable, Sendable {
        var exporter: ExporterID
        var version: UInt16
        var domain: UInt32
    }
    struct TemplateKey: Hashable, Sendable {
        var domain: DomainKey
        var id: UInt16
    }
    /// The header facts records of one message need.
    struct MessageContext: Sendable {
        var version: UInt16
        var domain: UInt32
        /// The exporter's boot time in ms since the epoch (sysUptime base).
        var bootMilliseconds: Int64
        var exportMilliseconds: Int64
        /// The header's sysUptime (v9), or Int64.max when it has none (IPFIX).
        var uptimeMilliseconds: Int64 = .max
    }
    struct PendingDataSet: Sendable {
        var key: TemplateKey
        var bytes: [UInt8]
        var context: MessageContext
        var receivedMilliseconds: Int64
    }

    var templates: [TemplateKey: FlowTemplate] = [:]
    var samplingIntervals: [DomainKey: UInt32] = [:]
    var systemInitTimes: [DomainKey: Int64] = [:]
    var pending: [PendingDataSet] = []
    var learnedTemplate = false
    var sequences: [DomainKey: ExporterSequence] = [:]
    /// Data records decoded from the message being decoded (IPFIX sequence).
    var messageRecords: UInt32 = 0
    /// The message being decoded held a data set back (its record count is unknown).
    var messageHeldBack = false

    /// A decoder that knows no template yet.
    public init() {}

    /// Templates currently known, over all exporters.
    public var templateCount: Int { templates.count }
    /// Data sets waiting for their template.
    public var pendingDataSets: Int { pending.count }

    /// Sequence tracking per exporter and source ID / observation domain,
    /// ordered by exporter, version and domain.
    public var exporterSequences: [ExporterSequence] {
        sequences.values.sorted {
            ($0.exporter.description, $0.version, $0.observationDomain)
                < ($1.exporter.description, $1.version, $1.observationDomain)
        }
    }

    /// Ends decoding: data sets still waiting for their template are counted
    /// in `statistics.dataSetsDropped` (with one line in `firstErrors`) and
    /// discarded. Call it when the collector stops.
    public mutating func finish() {
        guard !pending.isEmpty else { return }
        statistics.dataSetsDropped &+= UInt64(pending.count)
        var byExporter: [DomainKey: Int] = [:]
        for item in pending { byExporter[item.key.domain, default: 0] += 1 }
        for (domain, count) in byExporter.sorted(by: { $0.key.exporter.description < $1.key.exporter.description })
        where statistics.firstErrors.count < 20 {
            statistics.firstErrors.append(
                "\(domain.exporter) domain \(domain.domain): \(count) data set(s) dropped at exit, their template never came"
            )
        }
        pending.removeAll()
    }

    /// Decodes one datagram and hands each flow record to `sink`.
    ///
    /// - Parameter receivedMilliseconds: receive time, used only to age out
    ///   data sets waiting for a template (0 = never age them).
    public mutating func decode<Sink: CollectedFlowSink>(
        _ datagram: RawSpan,
        from exporter: ExporterID,
        receivedMilliseconds: Int64 = 0,
        into sink: inout Sink
    ) throws(NetFlowError) {
        statistics.datagrams &+= 1
        if receivedMilliseconds != 0 { expirePending(now: receivedMilliseconds) }
        do throws(NetFlowError) {
            guard datagram.byteCount >= 4 else { throw NetFlowError(code: .truncated, version: 0, offset: 0) }
            switch datagram.uint16BE(at: 0) {
            case 5:
                statistics.v5Datagrams &+= 1
                try decodeV5(datagram, from: exporter, into: &sink)
            case 9:
                statistics.v9Datagrams &+= 1
                try decodeV9(datagram, from: exporter, received: receivedMilliseconds, into: &sink)
            case 10:
                statistics.ipfixDatagrams &+= 1
                try decodeIPFIX(datagram, from: exporter, received: receivedMilliseconds, into: &sink)
            default:
                throw NetFlowError(code: .unsupportedVersion, version: datagram.uint16BE(at: 0), offset: 0)
            }
        } catch {
            statistics.note(error, from: exporter, datagram: statistics.datagrams)
            throw error
        }
    }

    // MARK: - Sets (v9 FlowSets and IPFIX Sets share the framing)

    mutating func decodeSets<Sink: CollectedFlowSink>(
        _ d: RawSpan,
        from start: Int,
        to end: Int,
        context: MessageContext,
        exporter: ExporterID,
        received: Int64,
        into sink: inout Sink
    ) throws(NetFlowError) {
        let v = context.version
        let domain = DomainKey(exporter: exporter, version: v, domain: context.domain)
        var offset = start
        learnedTemplate = false
        defer { if learnedTemplate { replayPending(into: &sink) } }
        while end - offset >= 4 {
            let setID = d.uint16BE(at: offset)
            let length = Int(d.uint16BE(at: offset + 2))
            guard length >= 4 else { throw NetFlowError(code: .malformed, version: v, offset: offset + 2) }
            guard end - offset >= length else { throw NetFlowError(code: .truncated, version: v, offset: offset) }
            let body = (offset + 4)..<(offset + length)
            if v == 9 {
                switch setID {
                case 0: try parseV9Templates(d, body, domain: domain)
                case 1: try parseV9OptionsTemplates(d, body, domain: domain)
                case 2..<256: break  // reserved FlowSet IDs: skip
                default:
                    try decodeDataSet(
                        d,
                        body,
                        id: setID,
                        domain: domain,
                        context: context,
                        received: received,
                        into: &sink
                    )
                }
            } else {
                switch setID {
                case 2, 3: try parseIPFIXTemplates(d, body, setID: setID, domain: domain)
                case 0..<256: break  // 0, 1 (v9's) and 4–255 are reserved: skip
                default:
                    try decodeDataSet(
                        d,
                        body,
                        id: setID,
                        domain: domain,
                        context: context,
                        received: received,
                        into: &sink
                    )
                }
            }
            offset += length
        }
    }

    mutating func decodeDataSet<Sink: CollectedFlowSink>(
        _ d: RawSpan,
        _ body: Range<Int>,
        id: UInt16,
        domain: DomainKey,
        context: MessageContext,
        received: Int64,
        into sink: inout Sink
    ) throws(NetFlowError) {
        let key = TemplateKey(domain: domain, id: id)
        guard let template = templates[key] else {
            holdBack(d, body, key: key, context: context, received: received)
            return
        }
        try decodeRecords(d, body, template: template, domain: domain, context: context, into: &sink)
    }

    // MARK: - Data arriving before its template

    mutating func holdBack(_ d: RawSpan, _ body: Range<Int>, key: TemplateKey, context: MessageContext, received: Int64)
    {
        messageHeldBack = true
        if pending.count >= maximumPendingDataSets {
            pending.removeFirst()
            statistics.dataSetsDropped &+= 1
        }
        var bytes = [UInt8](repeating: 0, count: body.count)
        for i in 0..<body.count { bytes[i] = d.byteAt(body.lowerBound + i) }
        pending.append(PendingDataSet(key: key, bytes: bytes, context: context, receivedMilliseconds: received))
        statistics.dataSetsBuffered &+= 1
    }

    mutating func expirePending(now: Int64) {
        guard let first = pending.first, now - first.receivedMilliseconds > pendingLifetimeMilliseconds else { return }
        let before = pending.count
        pending.removeAll {
            $0.receivedMilliseconds != 0 && now - $0.receivedMilliseconds > pendingLifetimeMilliseconds
        }
        statistics.dataSetsDropped &+= UInt64(before - pending.count)
    }

    mutating func replayPending<Sink: CollectedFlowSink>(into sink: inout Sink) {
        guard !pending.isEmpty else { return }
        let recordsOfMessage = messageRecords  // replayed records belong to earlier messages
        defer { messageRecords = recordsOfMessage }
        var kept: [PendingDataSet] = []
        for item in pending {
            guard let template = templates[item.key] else {
                kept.append(item)
                continue
            }
            statistics.dataSetsReplayed &+= 1
            do throws(NetFlowError) {
                try unsafe item.bytes.span.bytes.withUnsafeBytes { raw throws(NetFlowError) in
                    try decodeRecords(
                        unsafe raw.bytes,
                        0..<item.bytes.count,
                        template: template,
                        domain: item.key.domain,
                        context: item.context,
                        into: &sink
                    )
                }
            } catch {
                statistics.note(error, from: item.key.domain.exporter, datagram: statistics.datagrams)
            }
        }
        pending = kept
    }

    // MARK: - Templates

    mutating func store(_ template: FlowTemplate, domain: DomainKey) {
        let key = TemplateKey(domain: domain, id: template.id)
        if templates[key]?.fields != template.fields {
            for field in template.unusableTimeFields where statistics.firstErrors.count < 20 {
                statistics.firstErrors.append(
                    "template \(template.id) from \(domain.exporter): field \(field.id) has length \(field.length), "
                        + "not one its time type allows; its records are timed by the export time"
                )
            }
        }
        templates[key] = template
        if template.isOptions { statistics.optionsTemplates &+= 1 } else { statistics.templates &+= 1 }
        learnedTemplate = true
    }

    mutating func withdraw(_ id: UInt16?, options: Bool, domain: DomainKey) {
        statistics.templateWithdrawals &+= 1
        if let id {
            templates[TemplateKey(domain: domain, id: id)] = nil
        } else {
            templates = templates.filter { $0.key.domain != domain || $0.value.isOptions != options }
        }
    }
}
