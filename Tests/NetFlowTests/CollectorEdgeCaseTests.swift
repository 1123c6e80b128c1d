import NetFlow
import NetworkTypes
import PacketCore
import Testing

/// Exporter behaviour seen in the field: clock skew, bidirectional IPFIX,
/// lost datagrams, time fields of odd lengths, templates that never come.
@Suite struct CollectorEdgeCaseTests {
    static let exporter = ExporterID(address: .v4(IPv4Address(192, 0, 2, 1)), port: 2055)

    /// A NetFlow v5 datagram with one record whose First/Last are `first`/`last` (sysUptime ms).
    static func v5(uptime: UInt32, first: UInt32, last: UInt32, sequence: UInt32 = 0, count: Int = 1) -> [UInt8] {
        var d: [UInt8] = []
        func put16(_ v: UInt16) { d += [UInt8(v >> 8), UInt8(v & 0xFF)] }
        func put32(_ v: UInt32) {
            put16(UInt16(v >> 16))
            put16(UInt16(v & 0xFFFF))
        }
        put16(5)
        put16(UInt16(count))
        put32(uptime)
        put32(1_700_000_000)
        put32(0)
        put32(sequence)
        d += [0, 0, 0, 0]
        for i in 0..<count {
            put32(0x0A00_0001 + UInt32(i))
            put32(0x0A00_0002)
            put32(0)
            put16(1)
            put16(2)
            put32(3)
            put32(300)
            put32(first)
            put32(last)
            put16(1000)
            put16(80)
            d += [0, 0x1B, 6, 0]
            put16(0)
            put16(0)
            d += [0, 0, 0, 0]
        }
        return d
    }

    static func ipfix(sequence: UInt32 = 0, _ sets: [UInt8]...) -> [UInt8] {
        var m: [UInt8] = [
            0, 10, 0, 0, 0x65, 0x53, 0xF1, 0x00,
            UInt8(sequence >> 24), UInt8(sequence >> 16 & 0xFF), UInt8(sequence >> 8 & 0xFF),
            UInt8(sequence & 0xFF), 0, 0, 0, 1,
        ]
        for s in sets { m += s }
        m[2] = UInt8(m.count >> 8)
        m[3] = UInt8(m.count & 0xFF)
        return m
    }

    @Test func aLastSwitchedJustAfterTheHeadersUptimeIsSkewNotAWrap() throws {
        var decoder = FlowMessageDecoder()
        // Last is 5 ms after the header's sysUptime (the exporter's flow clock ran ahead).
        let flows = FlowFixtures.collect([Self.v5(uptime: 100_000, first: 99_000, last: 100_005)], decoder: &decoder)
        try #require(flows.count == 1)
        let export: Int64 = 1_700_000_000_000
        #expect(flows[0].endMilliseconds - export == 5)
        #expect(flows[0].startMilliseconds - export == -1000)
    }

    @Test func aRealWrapOfTheUptimeCounterIsStillTakenAsOne() throws {
        var decoder = FlowMessageDecoder()
        // The counter wrapped 500 ms ago; the flow started 1.5 s before the header's time.
        let flows = FlowFixtures.collect([Self.v5(uptime: 500, first: UInt32.max - 999, last: 400)], decoder: &decoder)
        try #require(flows.count == 1)
        let export: Int64 = 1_700_000_000_000
        #expect(flows[0].startMilliseconds - export == -1500)
        #expect(flows[0].endMilliseconds - export == -100)
    }

    /// softflowd reading an old capture reports flow times far before its own start: modulo 2^32
    /// they can land up to 24 days "after" the header's sysUptime. That is a wrap, not skew.
    @Test func aFlowTimeDaysAfterTheHeadersUptimeIsAWrapNotSkew() throws {
        var decoder = FlowMessageDecoder()
        let tenDays: UInt32 = 864_000_000
        let flows = FlowFixtures.collect(
            [Self.v5(uptime: 100_000, first: 100_000 + tenDays, last: 100_000 + tenDays + 500)],
            decoder: &decoder
        )
        try #require(flows.count == 1)
        let export: Int64 = 1_700_000_000_000
        #expect(flows[0].startMilliseconds - export == Int64(tenDays) - (1 << 32))
        #expect(flows[0].endMilliseconds - export == Int64(tenDays) + 500 - (1 << 32))
    }

    @Test func aBidirectionalRecordGivesAFlowPerDirection() throws {
        // Template 400: src, dst (IPv4), sport, dport, proto, octets, packets, reverse octets, reverse packets
        // (PEN 29305), flowStart/EndMilliseconds.
        let template: [UInt8] = [
            0, 2, 0, 60, 1, 144, 0, 11,
            0, 8, 0, 4, 0, 12, 0, 4, 0, 7, 0, 2, 0, 11, 0, 2, 0, 4, 0, 1,
            0, 1, 0, 4, 0, 2, 0, 4,
            0x80, 1, 0, 4, 0, 0, 0x72, 0x79,
            0x80, 2, 0, 4, 0, 0, 0x72, 0x79,
            0, 152, 0, 8, 0, 153, 0, 8,
        ]
        var data: [UInt8] = [
            1, 144, 0, 0,
            10, 0, 0, 1, 10, 0, 0, 2, 0x04, 0xD2, 0, 80, 6,
            0, 0, 0x03, 0xE8, 0, 0, 0, 10,  // 1000 bytes, 10 packets
            0, 0, 0x13, 0x88, 0, 0, 0, 8,
        ]  // reverse: 5000 bytes, 8 packets
        let start: UInt64 = 1_700_000_000_100
        for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8(start >> UInt64(shift) & 0xFF)) }
        for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8((start + 900) >> UInt64(shift) & 0xFF)) }
        data[3] = UInt8(data.count)
        var decoder = FlowMessageDecoder()
        let flows = FlowFixtures.collect([Self.ipfix(template, data)], decoder: &decoder)
        try #require(flows.count == 2)
        #expect(
            flows[0].sourceAddress == .v4(IPv4Address(10, 0, 0, 1)) && flows[0].bytes == 1000 && flows[0].packets == 10
        )
        #expect(
            flows[1].sourceAddress == .v4(IPv4Address(10, 0, 0, 2))
                && flows[1].destinationAddress == .v4(IPv4Address(10, 0, 0, 1))
        )
        #expect(flows[1].sourcePort == 80 && flows[1].destinationPort == 1234 && flows[1].ipProtocol == 6)
        #expect(flows[1].bytes == 5000 && flows[1].packets == 8)
        #expect(flows[1].startMilliseconds == Int64(start) && flows[1].endMilliseconds == Int64(start) + 900)
        #expect(decoder.statistics.reverseFlowRecords == 1 && decoder.statistics.enterpriseFieldsSkipped == 0)
    }

    @Test(arguments: NetFlowVersion.allCases)
    func aLostDatagramShowsInTheSequenceTracking(version: NetFlowVersion) throws {
        let all = FlowMessageDecoderTests.datagrams(version, count: 200, refresh: 1)
        try #require(all.count >= 4)
        var clean = FlowMessageDecoder()
        _ = FlowFixtures.collect(all, decoder: &clean)
        #expect(
            clean.statistics.sequenceGaps == 0 && clean.statistics.lostDatagrams == 0
                && clean.statistics.lostRecords == 0
        )
        var decoder = FlowMessageDecoder()
        // Datagram 2 is lost: its data records, flows and the sampling options record (refresh 1: in every datagram).
        var probe = FlowMessageDecoder()
        _ = FlowFixtures.collect([all[0]], decoder: &probe)
        let optionsBefore = probe.statistics.optionsRecords
        let lostFlows = FlowFixtures.collect([all[2]], decoder: &probe).count
        let lostRecords = lostFlows + Int(probe.statistics.optionsRecords - optionsBefore)
        let flows = FlowFixtures.collect([all[0], all[1]] + all[3...], decoder: &decoder)
        #expect(decoder.statistics.sequenceGaps == 1)
        let sequences = decoder.exporterSequences
        try #require(sequences.count == 1)
        #expect(sequences[0].gaps == 1 && sequences[0].datagrams == UInt64(all.count - 1))
        if version == .v9 {
            #expect(decoder.statistics.lostDatagrams == 1 && sequences[0].lost == 1)
        } else {
            #expect(decoder.statistics.lostRecords == UInt64(lostRecords) && sequences[0].lost == UInt64(lostRecords))
            #expect(flows.count + lostFlows == 200)
        }
    }

    @Test func aRepeatedDatagramIsReorderingNotLoss() {
        var decoder = FlowMessageDecoder()
        let a = Self.v5(uptime: 100_000, first: 1, last: 2, sequence: 10, count: 2)
        let b = Self.v5(uptime: 100_000, first: 1, last: 2, sequence: 12, count: 2)
        _ = FlowFixtures.collect(
            [a, b, a, Self.v5(uptime: 100_000, first: 1, last: 2, sequence: 14)],
            decoder: &decoder
        )
        #expect(decoder.statistics.sequenceGaps == 0 && decoder.statistics.lostRecords == 0)
        #expect(decoder.statistics.sequenceReordered == 1)
    }

    @Test(arguments: [UInt16(4), 2])
    func aTimeFieldOfABadLengthIsCountedNotMisread(length: UInt16) throws {
        // Template 500: sourceIPv4Address, flowStartMilliseconds and flowEndMilliseconds of `length` bytes.
        let template: [UInt8] = [
            0, 2, 0, 20, 1, 244, 0, 3, 0, 8, 0, 4,
            0, 152, UInt8(length >> 8), UInt8(length & 0xFF),
            0, 153, UInt8(length >> 8), UInt8(length & 0xFF),
        ]
        var data: [UInt8] = [1, 244, 0, 0, 10, 0, 0, 7] + [UInt8](repeating: 0x11, count: Int(length) * 2)
        data[3] = UInt8(data.count)
        var decoder = FlowMessageDecoder()
        let flows = FlowFixtures.collect([Self.ipfix(template, data)], decoder: &decoder)
        try #require(flows.count == 1)
        #expect(flows[0].startMilliseconds == 1_700_000_000_000 && flows[0].endMilliseconds == 1_700_000_000_000)
        #expect(decoder.statistics.recordsTimedByExport == 1)
        #expect(
            decoder.statistics.firstErrors.contains {
                $0.contains("template 500") && $0.contains("field 152 has length \(length)")
            }
        )
    }

    @Test func dataStillWaitingForItsTemplateAtTheEndIsDropped() throws {
        let all = FlowMessageDecoderTests.datagrams(.ipfix, count: 100, refresh: 100)
        var decoder = FlowMessageDecoder()
        _ = FlowFixtures.collect([all[1], all[2]], decoder: &decoder)
        #expect(decoder.pendingDataSets == 2 && decoder.statistics.dataSetsDropped == 0)
        decoder.finish()
        #expect(decoder.pendingDataSets == 0 && decoder.statistics.dataSetsDropped == 2)
        #expect(decoder.statistics.firstErrors.contains { $0.contains("2 data set(s) dropped at exit") })
    }
}
