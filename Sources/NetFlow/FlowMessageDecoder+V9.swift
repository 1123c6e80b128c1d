/// NetFlow v9 (RFC 3954): header, template and options template FlowSets.
extension FlowMessageDecoder {
    mutating func decodeV9<Sink: CollectedFlowSink>(
        _ d: RawSpan,
        from exporter: ExporterID,
        received: Int64,
        into sink: inout Sink
    ) throws(NetFlowError) {
        guard d.byteCount >= 20 else { throw NetFlowError(code: .truncated, version: 9, offset: d.byteCount) }
        let uptime = Int64(d.uint32BE(at: 4))
        let export = Int64(d.uint32BE(at: 8)) * 1000
        let context = MessageContext(
            version: 9,
            domain: d.uint32BE(at: 16),
            bootMilliseconds: export - uptime,
            exportMilliseconds: export,
            uptimeMilliseconds: uptime
        )
        trackSequence(
            d.uint32BE(at: 12),
            units: 1,
            domain: DomainKey(exporter: exporter, version: 9, domain: context.domain)
        )
        try decodeSets(
            d,
            from: 20,
            to: d.byteCount,
            context: context,
            exporter: exporter,
            received: received,
            into: &sink
        )
    }

    /// RFC 3954 §5.2: {template ID, field count, (type, length) × count} …
    mutating func parseV9Templates(_ d: RawSpan, _ body: Range<Int>, domain: DomainKey) throws(NetFlowError) {
        var o = body.lowerBound
        while body.upperBound - o >= 4 {
            let id = d.uint16BE(at: o)
            let count = Int(d.uint16BE(at: o + 2))
            if id == 0 && count == 0 { break }  // padding
            guard id >= 256, count > 0 else { throw NetFlowError(code: .badTemplate, version: 9, offset: o) }
            guard count <= Self.maximumTemplateFields else {
                throw NetFlowError(code: .tooLarge, version: 9, offset: o + 2)
            }
            guard body.upperBound - o >= 4 + count * 4 else {
                throw NetFlowError(code: .truncated, version: 9, offset: o)
            }
            var fields: [(id: UInt16, enterprise: UInt32, length: UInt16)] = []
            fields.reserveCapacity(count)
            for f in 0..<count {
                let length = d.uint16BE(at: o + 6 + f * 4)
                guard length > 0 else { throw NetFlowError(code: .badTemplate, version: 9, offset: o + 6 + f * 4) }
                fields.append((d.uint16BE(at: o + 4 + f * 4), 0, length))
            }
            store(FlowTemplate(id: id, fields: fields), domain: domain)
            o += 4 + count * 4
        }
    }

    /// RFC 3954 §6.1: {template ID, scope length, option length, scope fields, option fields}, padding.
    mutating func parseV9OptionsTemplates(_ d: RawSpan, _ body: Range<Int>, domain: DomainKey) throws(NetFlowError) {
        var o = body.lowerBound
        while body.upperBound - o >= 6 {
            let id = d.uint16BE(at: o)
            let scopeLength = Int(d.uint16BE(at: o + 2))
            let optionLength = Int(d.uint16BE(at: o + 4))
            if id == 0 { break }  // padding
            guard id >= 256, scopeLength % 4 == 0, optionLength % 4 == 0, scopeLength + optionLength > 0 else {
                throw NetFlowError(code: .badTemplate, version: 9, offset: o)
            }
            let count = (scopeLength + optionLength) / 4
            guard count <= Self.maximumTemplateFields else {
                throw NetFlowError(code: .tooLarge, version: 9, offset: o)
            }
            guard body.upperBound - o >= 6 + scopeLength + optionLength else {
                throw NetFlowError(code: .truncated, version: 9, offset: o)
            }
            var fields: [(id: UInt16, enterprise: UInt32, length: UInt16)] = []
            for f in 0..<count {
                let length = d.uint16BE(at: o + 8 + f * 4)
                guard length > 0 else { throw NetFlowError(code: .badTemplate, version: 9, offset: o + 8 + f * 4) }
                fields.append((d.uint16BE(at: o + 6 + f * 4), 0, length))
            }
            var template = FlowTemplate(id: id, fields: fields, scopeCount: scopeLength / 4, isOptions: true)
            // v9 scope types (System, Interface, …) share numbers with IEs 1–5: never read them as such.
            for s in 0..<template.scopeCount { template.fields[s].kind = .skip }
            store(template, domain: domain)
            o += 6 + scopeLength + optionLength
        }
    }
}
