import NetFlow
import NetworkTypes
import PacketCore
import Testing

@Suite struct FlowMessageDecoderTests {
    static let exporterID = ExporterID(address: .v4(IPv4Address(127, 0, 0, 1)), port: 9999)

    static func datagrams(_ version: NetFlowVersion, count: Int = 40, refresh: Int = 20) -> [[UInt8]] {
        let records = (0..<count).map { i in FlowFixtures.record(FlowFixtures.key(UInt32(i + 1), 2, sport: UInt16(i))) }
        return FlowFixtures.export(
            records,
            FlowExportConfiguration(version: version, templateRefreshDatagrams: refresh)
        ).output.datagrams
    }

    @Test(arguments: [NetFlowVersion.v9, .ipfix])
    func dataBeforeItsTemplateIsHeldAndDecodedWhenTheTemplateArrives(version: NetFlowVersion) {
        let all = Self.datagrams(version, count: 200, refresh: 100)
        try! #require(all.count >= 3)
        var decoder = FlowMessageDecoder()
        // Datagrams 1 and 2 (no templates) first, then datagram 0 (templates + data).
        let early = FlowFixtures.collect([all[1], all[2]], decoder: &decoder)
        #expect(early.isEmpty && decoder.pendingDataSets == 2)
        let late = FlowFixtures.collect([all[0]], decoder: &decoder)
        #expect(decoder.statistics.dataSetsReplayed == 2 && decoder.pendingDataSets == 0)
        let rest = FlowFixtures.collect(Array(all[3...]), decoder: &decoder)
        #expect(early.count + late.count + rest.count == 200)
    }

    @Test func heldDataExpiresAfterItsLifetime() {
        let all = Self.datagrams(.ipfix, count: 100, refresh: 100)
        var decoder = FlowMessageDecoder()
        var sink = CollectedFlowList()
        FlowFixtures.decode(all[1], with: &decoder, from: Self.exporterID, receivedMilliseconds: 1000, into: &sink)
        FlowFixtures.decode(all[0], with: &decoder, from: Self.exporterID, receivedMilliseconds: 40_000, into: &sink)
        #expect(decoder.statistics.dataSetsDropped == 1 && decoder.statistics.dataSetsReplayed == 0)
    }

    @Test func templatesAreKeptPerExporterAndDomain() {
        let all = Self.datagrams(.v9, count: 100, refresh: 100)
        var decoder = FlowMessageDecoder()
        var sink = CollectedFlowList()
        let other = ExporterID(address: .v4(IPv4Address(127, 0, 0, 2)), port: 9999)
        FlowFixtures.decode(all[0], with: &decoder, from: Self.exporterID, into: &sink)
        let before = sink.flows.count
        FlowFixtures.decode(all[1], with: &decoder, from: other, into: &sink)
        #expect(sink.flows.count == before && decoder.pendingDataSets == 1)
    }

    @Test func ipfixTemplateWithdrawalRemovesTheTemplate() {
        let all = Self.datagrams(.ipfix, count: 100, refresh: 100)
        var decoder = FlowMessageDecoder()
        _ = FlowFixtures.collect([all[0]], decoder: &decoder)
        #expect(decoder.templateCount == 3)
        // Header + template set with a withdrawal of template 256.
        let withdrawal: [UInt8] = [
            0, 10, 0, 24, 0x65, 0x53, 0xF1, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 2, 0, 8, 1, 0, 0, 0,
        ]
        _ = FlowFixtures.collect([withdrawal], decoder: &decoder)
        #expect(decoder.templateCount == 2 && decoder.statistics.templateWithdrawals == 1)
        // All-templates withdrawal (template ID 2, count 0).
        let all2: [UInt8] = [0, 10, 0, 24, 0x65, 0x53, 0xF1, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 8, 0, 2, 0, 0]
        _ = FlowFixtures.collect([all2], decoder: &decoder)
        #expect(decoder.templateCount == 1)  // the options template stays
    }

    @Test func enterpriseAndVariableLengthFieldsAreSkippedByTheirLength() throws {
        // Template 300: enterprise field (PEN 9, Cisco, IE 1, 4 bytes), variable-length IE 350,
        // sourceIPv4Address, packetDeltaCount (4 bytes, reduced size).
        let template: [UInt8] = [
            0, 2, 0, 28, 1, 44, 0, 4,
            0x80, 1, 0, 4, 0, 0, 0, 9,
            1, 94, 0xFF, 0xFF,
            0, 8, 0, 4,
            0, 2, 0, 4,
        ]
        let data: [UInt8] = [
            1, 44, 0, 20,
            0xDE, 0xAD, 0xBE, 0xEF, 3, 0x61, 0x62, 0x63, 10, 0, 0, 9, 0, 0, 0, 42,
        ]
        var message: [UInt8] = [0, 10, 0, 0, 0x65, 0x53, 0xF1, 0x00, 0, 0, 0, 0, 0, 0, 0, 1] + template + data
        message[3] = UInt8(message.count)
        var decoder = FlowMessageDecoder()
        let flows = FlowFixtures.collect([message], decoder: &decoder)
        try #require(flows.count == 1)
        #expect(flows[0].vmName == "abc" && flows[0].packets == 42)
        #expect(flows[0].sourceAddress == .v4(IPv4Address(10, 0, 0, 9)))
        #expect(decoder.statistics.enterpriseFieldsSkipped == 1)
    }

    @Test(arguments: NetFlowVersion.allCases)
    func everyTruncationIsCountedAndNeverTraps(version: NetFlowVersion) {
        let datagram = Self.datagrams(version, count: 5)[0]
        for length in 0..<datagram.count {
            var decoder = FlowMessageDecoder()
            var sink = CollectedFlowList()
            let prefix = Array(datagram.prefix(length))
            do throws(NetFlowError) {
                try decoder.decode(RawSpan(_elements: prefix.span), from: Self.exporterID, into: &sink)
            } catch {
                #expect(decoder.statistics.malformedDatagrams == 1)
                #expect(Int(error.offset) <= length)
            }
        }
    }

    @Test func aMalformedDatagramIsCountedAndTheNextOneStillDecodes() throws {
        let all = Self.datagrams(.v9, count: 80)
        try #require(all.count == 3)
        var decoder = FlowMessageDecoder()
        var bad = all[1]
        bad[22] = 0
        bad[23] = 2  // set length 2 < 4
        let flows = FlowFixtures.collect([all[0], bad, all[2]], decoder: &decoder)
        #expect(decoder.statistics.malformedDatagrams == 1)
        #expect(!decoder.statistics.firstErrors.isEmpty)
        #expect(flows.count == 80 - (all[1].count - 24) / 45)
    }

    @Test func unknownVersionsAreRejected() {
        var decoder = FlowMessageDecoder()
        var sink = CollectedFlowList()
        let junk: [UInt8] = [0, 7, 0, 1, 0, 0, 0, 0]
        #expect(throws: NetFlowError(code: .unsupportedVersion, version: 7, offset: 0)) {
            try decoder.decode(RawSpan(_elements: junk.span), from: Self.exporterID, into: &sink)
        }
    }
}
