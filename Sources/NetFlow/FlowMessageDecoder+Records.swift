import NetworkTypes

/// Decoding the records of one data set with a known template.
extension FlowMessageDecoder {
    /// Seconds between the NTP epoch (1900) and the Unix epoch.
    static var ntpToUnixSeconds: Int64 { 2_208_988_800 }

    mutating func decodeRecords<Sink: CollectedFlowSink>(
        _ d: RawSpan, _ body: Range<Int>, template: FlowTemplate, domain: DomainKey, context: MessageContext,
        into sink: inout Sink
    ) throws(NetFlowError) {
        guard template.recordLength > 0 else { return }
        let multiplier = template.isOptions ? 1 : (samplingIntervals[domain] ?? 1)
        var offset = body.lowerBound
        // Fewer bytes than the (minimum) record length left = padding.
        while body.upperBound - offset >= template.recordLength {
            offset = try decodeRecord(d, at: offset, end: body.upperBound, template: template, domain: domain,
                                      context: context, multiplier: multiplier, into: &sink)
        }
    }

    /// Reads an unsigned integer of 1…8 bytes (reduced-size encoding, RFC 7011 §6.2).
    @inline(__always)
    static func unsigned(_ d: RawSpan, at offset: Int, length: Int) -> UInt64 {
        switch length {
        case 1: return UInt64(d.byteAt(offset))
        case 2: return UInt64(d.uint16BE(at: offset))
        case 4: return UInt64(d.uint32BE(at: offset))
        case 8: return d.uint64BE(at: offset)
        default:
            var value: UInt64 = 0
            for i in 0..<min(length, 8) { value = value << 8 | UInt64(d.byteAt(offset + i)) }
            return value
        }
    }

    /// NTP-format timestamp (dateTimeMicro/Nanoseconds, RFC 7011 §6.1.9) to ms since the Unix epoch.
    @inline(__always)
    static func ntpMilliseconds(_ d: RawSpan, at offset: Int) -> Int64 {
        let seconds = Int64(d.uint32BE(at: offset)) - ntpToUnixSeconds
        let fraction = Int64(d.uint32BE(at: offset + 4))
        return seconds * 1000 + (fraction * 1000) >> 32
    }

    /// Decodes one record starting at `start`; returns where the next one starts.
    /// Arithmetic on field values wraps (`&*`, truncating conversions): a
    /// hostile value gives a wrong date, never a trap.
    mutating func decodeRecord<Sink: CollectedFlowSink>(
        _ d: RawSpan, at start: Int, end: Int, template: FlowTemplate, domain: DomainKey, context: MessageContext,
        multiplier: UInt32, into sink: inout Sink
    ) throws(NetFlowError) -> Int {
        let v = context.version
        var flow = CollectedFlow()
        flow.version = v
        flow.observationDomain = context.domain
        var offset = start
        var haveStart = false
        var haveEnd = false
        var samplingInterval: UInt64 = 0
        var packetInterval: UInt64 = 0
        var packetSpace: UInt64 = 0
        var icmpTypeCode: UInt16 = 0
        for field in template.fields {
            var length = Int(field.length)
            if field.length == InformationElement.variableLength {
                guard end > offset else { throw NetFlowError(code: .truncated, version: v, offset: offset) }
                length = Int(d.byteAt(offset))
                offset += 1
                if length == 255 {
                    guard end - offset >= 2 else { throw NetFlowError(code: .truncated, version: v, offset: offset) }
                    length = Int(d.uint16BE(at: offset))
                    offset += 2
                }
            }
            guard end - offset >= length else { throw NetFlowError(code: .truncated, version: v, offset: offset) }
            switch field.kind {
            case .skip: break
            case .sourceIPv4: flow.sourceAddress = .v4(IPv4Address(rawValue: d.uint32BE(at: offset)))
            case .destinationIPv4: flow.destinationAddress = .v4(IPv4Address(rawValue: d.uint32BE(at: offset)))
            case .sourceIPv6: flow.sourceAddress = .v6(IPv6Address(rawValue: d.uint128BE(at: offset)))
            case .destinationIPv6: flow.destinationAddress = .v6(IPv6Address(rawValue: d.uint128BE(at: offset)))
            case .sourcePort: flow.sourcePort = UInt16(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
            case .destinationPort:
                flow.destinationPort = UInt16(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
            case .ipProtocol: flow.ipProtocol = UInt8(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
            case .typeOfService:
                flow.typeOfService = UInt8(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
            case .tcpFlags: flow.tcpFlags = UInt8(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
            case .packets: flow.packets = Self.unsigned(d, at: offset, length: length)
            case .bytes: flow.bytes = Self.unsigned(d, at: offset, length: length)
            case .startUptime:
                let value = UInt32(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
                flow.startMilliseconds = context.bootMilliseconds &+ Self.sinceBoot(value, headerUptime: context.uptimeMilliseconds)
                haveStart = true
            case .endUptime:
                let value = UInt32(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
                flow.endMilliseconds = context.bootMilliseconds &+ Self.sinceBoot(value, headerUptime: context.uptimeMilliseconds)
                haveEnd = true
            case .startSeconds:
                flow.startMilliseconds = Int64(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length)) &* 1000
                haveStart = true
            case .endSeconds:
                flow.endMilliseconds = Int64(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length)) &* 1000
                haveEnd = true
            case .startMilliseconds:
                flow.startMilliseconds = Int64(bitPattern: Self.unsigned(d, at: offset, length: length))
                haveStart = true
            case .endMilliseconds:
                flow.endMilliseconds = Int64(bitPattern: Self.unsigned(d, at: offset, length: length))
                haveEnd = true
            case .startMicroseconds, .startNanoseconds:
                flow.startMilliseconds = Self.ntpMilliseconds(d, at: offset)
                haveStart = true
            case .endMicroseconds, .endNanoseconds:
                flow.endMilliseconds = Self.ntpMilliseconds(d, at: offset)
                haveEnd = true
            case .startDeltaMicroseconds:
                flow.startMilliseconds = context.exportMilliseconds
                    - Int64(Self.unsigned(d, at: offset, length: length) / 1000)
                haveStart = true
            case .endDeltaMicroseconds:
                flow.endMilliseconds = context.exportMilliseconds
                    - Int64(Self.unsigned(d, at: offset, length: length) / 1000)
                haveEnd = true
            case .systemInitMilliseconds:
                if template.isOptions {
                    systemInitTimes[domain] = Int64(bitPattern: Self.unsigned(d, at: offset, length: length))
                }
            case .ingressInterface:
                flow.ingressInterface = UInt32(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
            case .egressInterface:
                flow.egressInterface = UInt32(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
            case .vlanID: flow.vlanID = UInt16(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
            case .icmpTypeCode: icmpTypeCode = UInt16(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
            case .endReason: flow.endReason = UInt8(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
            case .samplingInterval: samplingInterval = Self.unsigned(d, at: offset, length: length)
            case .samplingPacketInterval: packetInterval = Self.unsigned(d, at: offset, length: length)
            case .samplingPacketSpace: packetSpace = Self.unsigned(d, at: offset, length: length)
            case .vmUUID: flow.vmUUID = d.uint128BE(at: offset)
            case .vmName:
                let name = d.extracting(offset..<(offset + length))
                flow.vmName = unsafe name.withUnsafeBytes { unsafe String(decoding: $0, as: UTF8.self) }
            }
            offset += length
        }
        // Sampling announced in this record (options data, or per-flow fields).
        var interval = UInt32(clamping: samplingInterval)
        if interval == 0 && packetInterval > 0 {
            interval = UInt32(clamping: 1 + packetSpace / packetInterval)  // (interval + space) / interval, without overflow
        }
        if template.isOptions {
            statistics.optionsRecords &+= 1
            if interval > 0 { samplingIntervals[domain] = interval }
            return offset
        }
        let applied = interval > 0 ? interval : multiplier
        flow.samplingInterval = applied
        if applied > 1 {
            flow.packets &*= UInt64(applied)
            flow.bytes &*= UInt64(applied)
        }
        if icmpTypeCode != 0 && flow.destinationPort == 0 { flow.destinationPort = icmpTypeCode }
        if !haveEnd { flow.endMilliseconds = haveStart ? flow.startMilliseconds : context.exportMilliseconds }
        if !haveStart { flow.startMilliseconds = flow.endMilliseconds }
        statistics.flowRecords &+= 1
        sink.collected(flow, from: domain.exporter)
        return offset
    }
}
