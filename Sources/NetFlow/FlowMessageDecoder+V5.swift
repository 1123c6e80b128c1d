import NetworkTypes

/// NetFlow v5: fixed 24-byte header and 48-byte IPv4 records.
extension FlowMessageDecoder {
    /// How far a flow time may lie after the header's sysUptime and still be read as clock skew
    /// between the exporter's flow and header clocks (1 hour). An exporter cannot report a flow
    /// that ends later than that after its own export time.
    static let maximumSkewMilliseconds: Int64 = 3_600_000

    /// A sysUptime-relative time. A value above the header's sysUptime by at most
    /// `maximumSkewMilliseconds` is clock skew (kept as it is: the flow ends a little after the
    /// header's time); a value further above was taken before the 32-bit ms counter last wrapped
    /// (every 49.7 days), as nfdump reads it. A flow time cannot be told apart from one 2^32 ms
    /// earlier: this rule reads it as the nearest time that is not in the exporter's future.
    static func sinceBoot(_ value: UInt32, headerUptime: Int64) -> Int64 {
        let v = Int64(value)
        guard v > headerUptime else { return v }
        return v - headerUptime <= maximumSkewMilliseconds ? v : v - (1 << 32)
    }

    mutating func decodeV5<Sink: CollectedFlowSink>(
        _ d: RawSpan,
        from exporter: ExporterID,
        into sink: inout Sink
    )
        throws(NetFlowError)
    {
        guard d.byteCount >= 24 else { throw NetFlowError(code: .truncated, version: 5, offset: d.byteCount) }
        let count = Int(d.uint16BE(at: 2))
        guard count <= 30 else { throw NetFlowError(code: .malformed, version: 5, offset: 2) }
        guard d.byteCount >= 24 + count * 48 else {
            throw NetFlowError(code: .truncated, version: 5, offset: d.byteCount)
        }
        let uptime = Int64(d.uint32BE(at: 4))
        let boot = Int64(d.uint32BE(at: 8)) * 1000 + Int64(d.uint32BE(at: 12) / 1_000_000) - uptime
        let domainID = UInt32(d.uint16BE(at: 20))
        trackSequence(
            d.uint32BE(at: 16),
            units: UInt32(count),
            domain: DomainKey(exporter: exporter, version: 5, domain: domainID)
        )
        let sampling = d.uint16BE(at: 22)
        var multiplier = UInt32(sampling & 0x3FFF)
        if multiplier <= 1 {
            multiplier = samplingIntervals[DomainKey(exporter: exporter, version: 5, domain: domainID)] ?? 1
        }
        var flow = CollectedFlow()
        flow.version = 5
        flow.observationDomain = domainID
        flow.samplingInterval = multiplier
        for i in 0..<count {
            let r = d.extracting((24 + i * 48)..<(24 + i * 48 + 48))
            flow.sourceAddress = .v4(IPv4Address(rawValue: r.uint32BE(at: 0)))
            flow.destinationAddress = .v4(IPv4Address(rawValue: r.uint32BE(at: 4)))
            flow.ingressInterface = UInt32(r.uint16BE(at: 12))
            flow.egressInterface = UInt32(r.uint16BE(at: 14))
            flow.packets = UInt64(r.uint32BE(at: 16)) &* UInt64(multiplier)
            flow.bytes = UInt64(r.uint32BE(at: 20)) &* UInt64(multiplier)
            flow.startMilliseconds = boot + Self.sinceBoot(r.uint32BE(at: 24), headerUptime: uptime)
            flow.endMilliseconds = boot + Self.sinceBoot(r.uint32BE(at: 28), headerUptime: uptime)
            flow.sourcePort = r.uint16BE(at: 32)
            flow.destinationPort = r.uint16BE(at: 34)
            flow.tcpFlags = r.byteAt(37)
            flow.ipProtocol = r.byteAt(38)
            flow.typeOfService = r.byteAt(39)
            statistics.flowRecords &+= 1
            sink.collected(flow, from: exporter)
        }
    }
}
