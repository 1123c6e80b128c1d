import NetFlow
import NetworkTypes
import PacketCore
import TapVocabulary
import Testing

@Suite struct FlowExporterTests {
    static let v4: [FlowRecord] = (0..<100).map { (i: Int) -> FlowRecord in
        let key = FlowFixtures.key(0x0A01_0000 + UInt32(i), 0x0A02_0001, sport: UInt16(2000 + i))
        let first: Int64 = 1_700_000_000_123 + Int64(i)
        let last: Int64 = 1_700_000_009_456 + Int64(i)
        return FlowFixtures.record(key, packets: UInt64(i + 1), bytes: UInt64(100 * (i + 1)), first: first, last: last)
    }
    static let v6: [FlowRecord] = (0..<20).map { (i: Int) -> FlowRecord in
        let prefix: UInt128 = 0xFD00 << 112
        return FlowFixtures.record(FlowFixtures.key6(prefix | UInt128(i), prefix | 0xFFFF), packets: 7, bytes: 700)
    }

    static func u32(_ d: [UInt8], _ o: Int) -> UInt32 {
        let a = UInt32(d[o]) << 24
        let b = UInt32(d[o + 1]) << 16
        return a | b | UInt32(d[o + 2]) << 8 | UInt32(d[o + 3])
    }

    @Test(arguments: NetFlowVersion.allCases)
    func everyFieldSurvivesARoundTripThroughOurDecoder(version: NetFlowVersion) throws {
        let records: [FlowRecord] = version == .v5 ? Self.v4 : Self.v4 + Self.v6
        let exporter = FlowFixtures.export(records, FlowExportConfiguration(version: version))
        var decoder = FlowMessageDecoder()
        let flows = FlowFixtures.collect(exporter.output.datagrams, decoder: &decoder)
        #expect(decoder.statistics.malformedDatagrams == 0)
        try #require(flows.count == records.count)
        for i in records.indices {
            let r: FlowRecord = records[i]
            let f: CollectedFlow = flows[i]
            let source: IPAddress = r.key.source
            let destination: IPAddress = r.key.destination
            #expect(f.sourceAddress == source)
            #expect(f.destinationAddress == destination)
            #expect(f.sourcePort == r.key.sourcePort)
            #expect(f.destinationPort == r.key.destinationPort)
            #expect(f.ipProtocol == r.key.ipProtocol)
            #expect(f.tcpFlags == r.tcpFlags)
            #expect(f.typeOfService == r.typeOfService)
            #expect(f.packets == r.packets)
            #expect(f.bytes == r.bytes)
            #expect(f.startMilliseconds == r.firstMilliseconds)
            #expect(f.endMilliseconds == r.lastMilliseconds)
        }
    }

    @Test func v5SkipsAndCountsIPv6Flows() {
        let records: [FlowRecord] = Self.v4 + Self.v6
        let exporter = FlowFixtures.export(records, FlowExportConfiguration(version: .v5))
        #expect(exporter.skippedIPv6Flows == 20 && exporter.flowsExported == 100)
        #expect(exporter.output.datagrams.count == 4)  // 30 + 30 + 30 + 10
    }

    @Test(arguments: [NetFlowVersion.v5, .v9, .ipfix], [576, 1500, 9000])
    func datagramsStayUnderThePathMTU(version: NetFlowVersion, mtu: Int) {
        let records: [FlowRecord] = Self.v4 + Self.v6
        let exporter = FlowFixtures.export(records, FlowExportConfiguration(version: version, pathMTU: mtu))
        for d in exporter.output.datagrams { #expect(d.count <= mtu - 28) }
    }

    @Test func sequenceNumbersFollowEachRFC() {
        let records = Self.v4
        // v5: flows exported before this datagram.
        let v5 = FlowFixtures.export(records, FlowExportConfiguration(version: .v5)).output.datagrams
        let v5Sequences: [UInt32] = v5.map { Self.u32($0, 16) }
        #expect(v5Sequences == [0, 30, 60, 90])
        // v9: export packets sent before this one.
        let v9 = FlowFixtures.export(records, FlowExportConfiguration(version: .v9)).output.datagrams
        let v9Sequences: [UInt32] = v9.map { Self.u32($0, 12) }
        #expect(v9Sequences == (0..<UInt32(v9.count)).map { $0 })
        // IPFIX: data records (flows and the sampling options record) sent before this message.
        let ipfix = FlowFixtures.export(records, FlowExportConfiguration(version: .ipfix)).output.datagrams
        var decoder = FlowMessageDecoder()
        var before: UInt32 = 0
        for d in ipfix {
            #expect(Self.u32(d, 8) == before)
            _ = FlowFixtures.collect([d], decoder: &decoder)
            before = UInt32(decoder.statistics.flowRecords + decoder.statistics.optionsRecords)
        }
    }

    @Test func templatesOpenTheFirstDatagramAndAreRefreshedByCount() {
        let records: [FlowRecord] = Self.v4 + Self.v4 + Self.v4
        let exporter = FlowFixtures.export(records, FlowExportConfiguration(version: .v9, templateRefreshDatagrams: 2))
        let datagrams = exporter.output.datagrams
        // FlowSet ID 0 right after the 20-byte header = templates.
        let withTemplates = datagrams.indices.filter { datagrams[$0][20] == 0 && datagrams[$0][21] == 0 }
        #expect(withTemplates.first == 0)
        #expect(withTemplates == Array(stride(from: 0, to: datagrams.count, by: 2)))
    }

    @Test func templatesAreRefreshedByTime() {
        var exporter = FlowExporter(
            configuration: FlowExportConfiguration(version: .ipfix, templateRefreshSeconds: 10),
            output: DatagramCollector()
        )
        let t0: Int64 = 1_700_000_000_000
        for s in 0..<30 {
            exporter.advanceClock(to: t0 + Int64(s) * 1000)
            exporter.flowEnded(FlowFixtures.record(FlowFixtures.key(1, 2), first: t0, last: t0 + Int64(s) * 1000))
            exporter.flush()
        }
        let withTemplates = exporter.output.datagrams.indices.filter { exporter.output.datagrams[$0][17] == 2 }
        #expect(withTemplates == [0, 10, 20])
    }

    @Test func samplingIsAnnouncedAndRenormalisedByTheCollector() {
        for version in NetFlowVersion.allCases {
            let exporter = FlowFixtures.export(
                Array(Self.v4.prefix(5)),
                FlowExportConfiguration(version: version, samplingInterval: 10)
            )
            var decoder = FlowMessageDecoder()
            let flows = FlowFixtures.collect(exporter.output.datagrams, decoder: &decoder)
            #expect(flows.count == 5)
            let intervals: [UInt32] = flows.map { $0.samplingInterval }
            let packets: [UInt64] = flows.map { $0.packets }
            let expected: [UInt64] = Self.v4.prefix(5).map { $0.packets * 10 }
            #expect(intervals == [10, 10, 10, 10, 10])
            #expect(packets == expected)
        }
    }

    @Test func ipfixCarriesTheVMNameAndUUID() throws {
        let table = FlowVMTable([
            VirtualMachine(
                name: "web-1",
                uuid: "4C4C4544-0042-3510-8052-B4C04F4E3232",
                nics: [
                    VirtualNIC(
                        mac: MACAddress(rawValue: 0x0200_0000_0001),
                        ips: [.v4(IPv4Address(rawValue: 0x0A01_0000))]
                    )
                ]
            )
        ])
        let exporter = FlowFixtures.export(
            Array(Self.v4.prefix(3)),
            FlowExportConfiguration(version: .ipfix),
            resolver: table
        )
        var decoder = FlowMessageDecoder()
        let flows = FlowFixtures.collect(exporter.output.datagrams, decoder: &decoder)
        try #require(flows.count == 3)
        #expect(flows[0].vmName == "web-1")
        #expect(VirtualMachine.uuidString(bits: flows[0].vmUUID) == "4c4c4544-0042-3510-8052-b4c04f4e3232")
        #expect(flows[1].vmName == nil)
    }
}
