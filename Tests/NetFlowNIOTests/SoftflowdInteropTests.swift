import FlowTransport
import Foundation
import NetFlow
import NetFlowNIO
import TestSupport
import Testing

/// An independent exporter (softflowd) into our collector, checked against
/// what nfdump makes of the same softflowd export.
@Suite(.serialized, .tags(.interop), .interopTier) struct SoftflowdInteropTests {
    func runSoftflowd(_ capture: String, port: Int, version: Int) throws {
        let pidFile = try PeerTools.temporaryDirectory("softflowd") + "/softflowd.pid"
        let out = try PeerTools.run(
            "softflowd",
            [
                "-r", capture, "-n", "127.0.0.1:\(port)", "-v", "\(version)", "-A", "milli", "-p", pidFile,
            ]
        )
        guard out.status == 0 else { throw PeerError("softflowd failed: \(out.stderr)") }
    }

    @Test(arguments: [5, 9])
    func ourTotalsAndTopTalkersEqualNfdumpsForSoftflowdsExport(version: Int) async throws {
        let capture = try InteropCapture.get()
        // One softflowd run, recorded, then replayed byte for byte to nfcapd and to our collector
        // (softflowd's v5 header dates come from the wall clock, so two runs differ by a millisecond).
        let recorder = try DatagramRecorder()
        try runSoftflowd(capture.path, port: recorder.port, version: version)
        let export = recorder.drain()
        try #require(!export.isEmpty)
        let nfcapd = try Nfcapd()
        let collector = try await UDPFlowCollector.start(host: "127.0.0.1", port: 0)
        let port = try #require(collector.localAddress?.port)
        for destination in [nfcapd.port, port] {
            var sender = try UDPDatagramSender.open(host: "127.0.0.1", port: destination)
            for datagram in export {
                datagram.withUnsafeBytes { sender.send($0.bytes) }
                try await Task.sleep(for: .microseconds(200))  // loopback: let the receiver keep up
            }
            sender.close()
        }
        let nfdumpFlows = try nfcapd.stopAndDump()
        let nfdumpTop = try nfcapd.topTalkersByBytes(10)
        try await Poll.until("300 ms without a datagram at the collector", poll: 0.1) {
            try await collector.millisecondsSinceLastDatagram().map { $0 >= 300 } ?? true
        }
        let (summary, statistics) = try await collector.snapshot()
        try await collector.stop()

        #expect(statistics.datagrams == UInt64(export.count))
        #expect(statistics.malformedDatagrams == 0)
        #expect(!nfdumpFlows.isEmpty)
        #expect(summary.totals.flows == UInt64(nfdumpFlows.count), "v\(version) flows")
        #expect(summary.totals.packets == nfdumpFlows.reduce(0) { $0 + $1.packets }, "v\(version) packets")
        #expect(summary.totals.bytes == nfdumpFlows.reduce(0) { $0 + $1.bytes }, "v\(version) bytes")
        var nfdumpProtocols: [UInt8: UInt64] = [:]
        for f in nfdumpFlows { nfdumpProtocols[UInt8(f.proto), default: 0] += f.bytes }
        #expect(summary.byProtocol.mapValues(\.bytes) == nfdumpProtocols, "v\(version) bytes per protocol")
        #expect(summary.firstMilliseconds == nfdumpFlows.map(\.start).min(), "v\(version) first date")
        #expect(summary.lastMilliseconds == nfdumpFlows.map(\.end).max(), "v\(version) last date")
        let ours = summary.topTalkers(count: 10)
        try #require(nfdumpTop.count == 10)
        #expect(ours.map(\.totals.bytes) == nfdumpTop.map(\.bytes), "v\(version) top-10 byte counts")
        for (address, bytes) in nfdumpTop {
            #expect(summary.bySource.first { $0.key.description == address }?.value.bytes == bytes, "talker \(address)")
        }
    }
}
