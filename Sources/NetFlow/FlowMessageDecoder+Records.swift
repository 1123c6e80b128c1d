import NetworkTypes

/// Decoding the records of one data set with a known template.
extension FlowMessageDecoder {
    /// Seconds between the NTP epoch (1900) and the Unix epoch.
    static var ntpToUnixSeconds: Int64 { 2_208_988_800 }

    mutating func decodeRecords<Sink: CollectedFlowSink>(
        _ d: RawSpan,
        _ body: Range<Int>,
        template: FlowTemplate,
        domain: DomainKey,
        context: MessageContext,
        into sink: inout Sink
    ) throws(NetFlowError) {
        guard template.recordLength > 0 else { return }
        let multiplier = template.isOptions ? 1 : (samplingIntervals[domain] ?? 1)
        var offset = body.lowerBound
        // Fewer bytes than the (minimum) record length left = padding.
        while body.upperBound - offset >= template.recordLength {
            messageRecords &+= 1
            offset = try decodeRecord(
                d,
                at: offset,
                end: body.upperBound,
                template: template,
                domain: domain,
                context: context,
                multiplier: multiplier,
                into: &sink
            )
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

    /// What one direction of a record has gathered while its fields are read.
    struct RecordDirection {
        var flow = CollectedFlow()
        var haveStart = false
        var haveEnd = false
        var unusableTime = false
        var samplingInterval: UInt64 = 0
        var packetInterval: UInt64 = 0
        var packetSpace: UInt64 = 0
        var icmpTypeCode: UInt16 = 0
    }

    /// Decodes one record starting at `start`; returns where the next one starts.
    /// Arithmetic on field values wraps (`&*`, truncating conversions): a
    /// hostile value gives a wrong date, never a trap. A bidirectional record
    /// (RFC 5103) gives the forward flow and, when its reverse counters are
    /// not zero, the reverse flow: addresses, ports and interfaces swapped.
    mutating func decodeRecord<Sink: CollectedFlowSink>(
        _ d: RawSpan,
        at start: Int,
        end: Int,
        template: FlowTemplate,
        domain: DomainKey,
        context: MessageContext,
        multiplier: UInt32,
        into sink: inout Sink
    ) throws(NetFlowError) -> Int {
        let v = context.version
        var forward = RecordDirection()
        var reverse = RecordDirection()
        var offset = start
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
            if field.isReverse {
                read(
                    field.kind,
                    d,
                    at: offset,
                    length: length,
                    context: context,
                    domain: domain,
                    template: template,
                    into: &reverse
                )
            } else {
                read(
                    field.kind,
                    d,
                    at: offset,
                    length: length,
                    context: context,
                    domain: domain,
                    template: template,
                    into: &forward
                )
            }
            offset += length
        }
        // Sampling announced in this record (options data, or per-flow fields).
        var interval = UInt32(clamping: forward.samplingInterval)
        if interval == 0 && forward.packetInterval > 0 {
            // (interval + space) / interval, without overflow
            interval = UInt32(clamping: 1 + forward.packetSpace / forward.packetInterval)
        }
        if template.isOptions {
            statistics.optionsRecords &+= 1
            if interval > 0 { samplingIntervals[domain] = interval }
            return offset
        }
        let applied = interval > 0 ? interval : multiplier
        forward.flow.version = v
        forward.flow.observationDomain = context.domain
        if forward.icmpTypeCode != 0 && forward.flow.destinationPort == 0 {
            forward.flow.destinationPort = forward.icmpTypeCode
        }
        finish(&forward, sampling: applied, context: context)
        // A bidirectional record whose forward direction saw nothing (only the answer was metered) gives
        // only its reverse flow.
        if !template.isBidirectional || forward.flow.packets != 0 {
            statistics.flowRecords &+= 1
            sink.collected(forward.flow, from: domain.exporter)
        }
        if template.isBidirectional && reverse.flow.packets != 0 {
            var back = forward.flow
            swap(&back.sourceAddress, &back.destinationAddress)
            swap(&back.ingressInterface, &back.egressInterface)
            if back.ipProtocol == IPProtocolNumber.icmp || back.ipProtocol == IPProtocolNumber.icmpv6 {
                back.sourcePort = 0
                back.destinationPort = reverse.icmpTypeCode  // 0 when the record has no reverse ICMP type
            } else {
                swap(&back.sourcePort, &back.destinationPort)
            }
            back.packets = applied > 1 ? reverse.flow.packets &* UInt64(applied) : reverse.flow.packets
            back.bytes = applied > 1 ? reverse.flow.bytes &* UInt64(applied) : reverse.flow.bytes
            back.tcpFlags = reverse.flow.tcpFlags
            back.typeOfService = reverse.flow.typeOfService
            // Reverse times when the record has them, else the forward flow's.
            if reverse.haveStart || reverse.haveEnd {
                back.startMilliseconds =
                    reverse.haveStart ? reverse.flow.startMilliseconds : reverse.flow.endMilliseconds
                back.endMilliseconds = reverse.haveEnd ? reverse.flow.endMilliseconds : reverse.flow.startMilliseconds
            }
            statistics.flowRecords &+= 1
            statistics.reverseFlowRecords &+= 1
            sink.collected(back, from: domain.exporter)
        }
        return offset
    }

    /// Applies sampling and fills missing times of one direction.
    @inline(__always)
    mutating func finish(_ direction: inout RecordDirection, sampling applied: UInt32, context: MessageContext) {
        direction.flow.samplingInterval = applied
        if applied > 1 {
            direction.flow.packets &*= UInt64(applied)
            direction.flow.bytes &*= UInt64(applied)
        }
        if direction.unusableTime && !(direction.haveStart && direction.haveEnd) {
            statistics.recordsTimedByExport &+= 1
        }
        if !direction.haveEnd {
            direction.flow.endMilliseconds =
                direction.haveStart ? direction.flow.startMilliseconds : context.exportMilliseconds
        }
        if !direction.haveStart { direction.flow.startMilliseconds = direction.flow.endMilliseconds }
    }

    /// Reads one field's value into one direction of the record.
    @inline(__always)
    mutating func read(
        _ kind: FlowTemplate.FieldKind,
        _ d: RawSpan,
        at offset: Int,
        length: Int,
        context: MessageContext,
        domain: DomainKey,
        template: FlowTemplate,
        into r: inout RecordDirection
    ) {
        switch kind {
        case .skip: break
        case .unusableTime: r.unusableTime = true
        case .sourceIPv4: r.flow.sourceAddress = .v4(IPv4Address(rawValue: d.uint32BE(at: offset)))
        case .destinationIPv4: r.flow.destinationAddress = .v4(IPv4Address(rawValue: d.uint32BE(at: offset)))
        case .sourceIPv6: r.flow.sourceAddress = .v6(IPv6Address(rawValue: d.uint128BE(at: offset)))
        case .destinationIPv6: r.flow.destinationAddress = .v6(IPv6Address(rawValue: d.uint128BE(at: offset)))
        case .sourcePort: r.flow.sourcePort = UInt16(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
        case .destinationPort:
            r.flow.destinationPort = UInt16(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
        case .ipProtocol: r.flow.ipProtocol = UInt8(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
        case .typeOfService:
            r.flow.typeOfService = UInt8(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
        case .tcpFlags: r.flow.tcpFlags = UInt8(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
        case .packets: r.flow.packets = Self.unsigned(d, at: offset, length: length)
        case .bytes: r.flow.bytes = Self.unsigned(d, at: offset, length: length)
        case .startUptime:
            let value = UInt32(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
            r.flow.startMilliseconds =
                context.bootMilliseconds &+ Self.sinceBoot(value, headerUptime: context.uptimeMilliseconds)
            r.haveStart = true
        case .endUptime:
            let value = UInt32(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
            r.flow.endMilliseconds =
                context.bootMilliseconds &+ Self.sinceBoot(value, headerUptime: context.uptimeMilliseconds)
            r.haveEnd = true
        case .startSeconds:
            r.flow.startMilliseconds = Int64(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length)) &* 1000
            r.haveStart = true
        case .endSeconds:
            r.flow.endMilliseconds = Int64(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length)) &* 1000
            r.haveEnd = true
        case .startMilliseconds:
            r.flow.startMilliseconds = Int64(bitPattern: Self.unsigned(d, at: offset, length: length))
            r.haveStart = true
        case .endMilliseconds:
            r.flow.endMilliseconds = Int64(bitPattern: Self.unsigned(d, at: offset, length: length))
            r.haveEnd = true
        case .startMicroseconds, .startNanoseconds:
            r.flow.startMilliseconds = Self.ntpMilliseconds(d, at: offset)
            r.haveStart = true
        case .endMicroseconds, .endNanoseconds:
            r.flow.endMilliseconds = Self.ntpMilliseconds(d, at: offset)
            r.haveEnd = true
        case .startDeltaMicroseconds:
            r.flow.startMilliseconds =
                context.exportMilliseconds
                &- Int64(Self.unsigned(d, at: offset, length: length) / 1000)
            r.haveStart = true
        case .endDeltaMicroseconds:
            r.flow.endMilliseconds =
                context.exportMilliseconds
                &- Int64(Self.unsigned(d, at: offset, length: length) / 1000)
            r.haveEnd = true
        case .systemInitMilliseconds:
            if template.isOptions {
                systemInitTimes[domain] = Int64(bitPattern: Self.unsigned(d, at: offset, length: length))
            }
        case .ingressInterface:
            r.flow.ingressInterface = UInt32(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
        case .egressInterface:
            r.flow.egressInterface = UInt32(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
        case .vlanID: r.flow.vlanID = UInt16(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
        case .icmpTypeCode: r.icmpTypeCode = UInt16(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
        case .endReason: r.flow.endReason = UInt8(truncatingIfNeeded: Self.unsigned(d, at: offset, length: length))
        case .samplingInterval: r.samplingInterval = Self.unsigned(d, at: offset, length: length)
        case .samplingPacketInterval: r.packetInterval = Self.unsigned(d, at: offset, length: length)
        case .samplingPacketSpace: r.packetSpace = Self.unsigned(d, at: offset, length: length)
        case .vmUUID: r.flow.vmUUID = d.uint128BE(at: offset)
        case .vmName:
            let name = d.extracting(offset..<(offset + length))
            r.flow.vmName = unsafe name.withUnsafeBytes { unsafe String(decoding: $0, as: UTF8.self) }
        }
    }
}
