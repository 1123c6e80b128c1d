/// IPFIX (RFC 7011): message header, template and options template sets,
/// withdrawals (§8.1), enterprise field specifiers (§3.2).
extension FlowMessageDecoder {
    mutating func decodeIPFIX<Sink: CollectedFlowSink>(
        _ d: RawSpan,
        from exporter: ExporterID,
        received: Int64,
        into sink: inout Sink
    ) throws(NetFlowError) {
        guard d.byteCount >= 16 else { throw NetFlowError(code: .truncated, version: 10, offset: d.byteCount) }
        let length = Int(d.uint16BE(at: 2))
        guard length >= 16 else { throw NetFlowError(code: .malformed, version: 10, offset: 2) }
        guard length <= d.byteCount else { throw NetFlowError(code: .truncated, version: 10, offset: d.byteCount) }
        let export = Int64(d.uint32BE(at: 4)) * 1000
        let domainID = d.uint32BE(at: 12)
        let key = DomainKey(exporter: exporter, version: 10, domain: domainID)
        let boot = systemInitTimes[key] ?? export
        let context = MessageContext(version: 10, domain: domainID, bootMilliseconds: boot, exportMilliseconds: export)
        let sequence = d.uint32BE(at: 8)
        messageRecords = 0
        let optionsBefore = statistics.optionsRecords
        messageHeldBack = false
        var complete = false
        defer {
            let known = complete && !messageHeldBack
            let options = UInt32(truncatingIfNeeded: statistics.optionsRecords &- optionsBefore)
            trackSequence(
                sequence,
                units: known ? messageRecords : nil,
                flowUnits: known ? messageRecords &- min(options, messageRecords) : nil,
                domain: key
            )
        }
        try decodeSets(d, from: 16, to: length, context: context, exporter: exporter, received: received, into: &sink)
        complete = true
    }

    mutating func parseIPFIXTemplates(
        _ d: RawSpan,
        _ body: Range<Int>,
        setID: UInt16,
        domain: DomainKey
    )
        throws(NetFlowError)
    {
        let options = setID == 3
        var o = body.lowerBound
        let end = body.upperBound
        while end - o >= 4 {
            let id = d.uint16BE(at: o)
            let count = Int(d.uint16BE(at: o + 2))
            if count == 0 {
                if id == setID {
                    withdraw(nil, options: options, domain: domain)  // all (options) templates
                } else if id >= 256 {
                    withdraw(id, options: options, domain: domain)
                } else {
                    break  // padding
                }
                o += 4
                continue
            }
            guard id >= 256 else { throw NetFlowError(code: .badTemplate, version: 10, offset: o) }
            guard count <= Self.maximumTemplateFields else {
                throw NetFlowError(code: .tooLarge, version: 10, offset: o + 2)
            }
            var p = o + 4
            var scopeCount = 0
            if options {
                guard end - p >= 2 else { throw NetFlowError(code: .truncated, version: 10, offset: p) }
                scopeCount = Int(d.uint16BE(at: p))
                guard scopeCount >= 1, scopeCount <= count else {
                    throw NetFlowError(code: .badTemplate, version: 10, offset: p)
                }
                p += 2
            }
            var fields: [(id: UInt16, enterprise: UInt32, length: UInt16)] = []
            fields.reserveCapacity(count)
            for _ in 0..<count {
                guard end - p >= 4 else { throw NetFlowError(code: .truncated, version: 10, offset: p) }
                var fieldID = d.uint16BE(at: p)
                let length = d.uint16BE(at: p + 2)
                guard length > 0 else { throw NetFlowError(code: .badTemplate, version: 10, offset: p + 2) }
                p += 4
                var enterprise: UInt32 = 0
                if fieldID & 0x8000 != 0 {
                    guard end - p >= 4 else { throw NetFlowError(code: .truncated, version: 10, offset: p) }
                    enterprise = d.uint32BE(at: p)
                    fieldID &= 0x7FFF
                    p += 4
                }
                fields.append((fieldID, enterprise, length))
            }
            let template = FlowTemplate(id: id, fields: fields, scopeCount: scopeCount, isOptions: options)
            statistics.enterpriseFieldsSkipped &+= UInt64(template.skippedEnterpriseFields)
            store(template, domain: domain)
            o = p
        }
    }
}
