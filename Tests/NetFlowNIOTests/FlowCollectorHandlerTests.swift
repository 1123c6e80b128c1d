import FlowTransport
import NIOCore
import NIOEmbedded
import NetFlow
import NetFlowNIO
import NetworkTypes
import Testing

@Suite struct FlowCollectorHandlerTests {
    let peer = try! SocketAddress(ipAddress: "192.0.2.7", port: 2055)

    func datagrams(_ version: NetFlowVersion) -> [[UInt8]] {
        var exporter = FlowExporter(
            configuration: FlowExportConfiguration(version: version),
            output: DatagramCollector()
        )
        exporter.advanceClock(to: 1_700_000_000_000)
        for i in 0..<50 {
            let key = FlowKey(
                sourceAddress: UInt128(0x0A00_0001 + i),
                destinationAddress: 0x0A00_00FE,
                sourcePort: 1234,
                destinationPort: 80,
                ipProtocol: 6,
                ipVersion: 4
            )
            exporter.flowEnded(
                FlowRecord(
                    key: key,
                    packets: 2,
                    bytes: 120,
                    firstMilliseconds: 1_700_000_000_000,
                    lastMilliseconds: 1_700_000_000_500
                )
            )
        }
        exporter.flush()
        return exporter.output.datagrams
    }

    @Test(arguments: NetFlowVersion.allCases)
    func datagramsInFlowsOut(version: NetFlowVersion) throws {
        let handler = FlowCollectorHandler(sink: CollectedFlowList())
        let channel = EmbeddedChannel(handler: handler)
        for d in datagrams(version) {
            try channel.writeInbound(AddressedEnvelope(remoteAddress: peer, data: ByteBuffer(bytes: d)))
        }
        #expect(handler.sink.flows.count == 50)
        #expect(handler.sink.flows.allSatisfy { $0.packets == 2 && $0.bytes == 120 })
        #expect(handler.decoder.statistics.malformedDatagrams == 0)
        #expect(try channel.finish().isClean)
    }

    @Test func malformedDatagramsAreCountedAndTheChannelStaysOpen() throws {
        let handler = FlowCollectorHandler(sink: CollectedFlowList())
        let channel = EmbeddedChannel(handler: handler)
        try channel.writeInbound(AddressedEnvelope(remoteAddress: peer, data: ByteBuffer(bytes: [0, 9, 0, 1, 2])))
        for d in datagrams(.ipfix) {
            try channel.writeInbound(AddressedEnvelope(remoteAddress: peer, data: ByteBuffer(bytes: d)))
        }
        #expect(handler.decoder.statistics.malformedDatagrams == 1)
        #expect(handler.sink.flows.count == 50)
        #expect(try channel.finish().isClean)
    }

    @Test func ourUDPExporterReachesOurUDPCollector() async throws {
        let collector = try await UDPFlowCollector.start(host: "127.0.0.1", port: 0)
        let port = try #require(collector.localAddress?.port)
        var sender = try UDPDatagramSender.open(host: "127.0.0.1", port: port)
        for d in datagrams(.v9) { d.withUnsafeBytes { sender.send($0.bytes) } }
        sender.close()
        try await collector.waitForRecords(50)
        let (summary, statistics) = try await collector.snapshot()
        try await collector.stop()
        #expect(summary.totals.flows == 50 && summary.totals.packets == 100 && summary.totals.bytes == 6000)
        #expect(statistics.v9Datagrams == UInt64(datagrams(.v9).count))
    }
}
