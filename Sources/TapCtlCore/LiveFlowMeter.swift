import Foundation
import NetFlow
import PacketCapture
import PacketCore

/// `tapctl flows --interface IF ...`: live capture through libpcap on every
/// interface, one flow cache, the packets' capture time as the flow clock,
/// and the wall clock to expire idle flows and flush datagrams when traffic
/// is quiet.
final class LiveFlowMeter {
    /// One opened interface (a class, so the non-copyable handle can live in an array).
    final class Source {
        let name: String
        let index: UInt32
        let handle: LibpcapHandle

        init(name: String) throws {
            self.name = name
            index = if_nametoindex(name)
            do {
                var inactive = try InactiveLibpcapHandle(interface: name)
                try inactive.setSnapLength(256)  // headers are enough for flows
                try inactive.setImmediateMode(true)
                try inactive.setReadTimeout(milliseconds: 50)
                try inactive.setBufferSize(8 << 20)
                handle = try inactive.activate()
                try handle.setNonblocking(true)
            } catch {
                throw CommandFailure("cannot capture on \(name): \(error)")
            }
        }
    }

    let sources: [Source]

    init(interfaces: [String]) throws {
        sources = try interfaces.map { try Source(name: $0) }
    }

    /// Captures until `duration` seconds passed (forever when nil).
    func run<Output: DatagramSink>(
        cache: inout FlowCache,
        exporter: inout FlowExporter<Output>,
        duration: Double?
    )
        throws -> UInt64
    {
        let decoder = PacketDecoder()
        var packet = DecodedPacket()
        var frames: UInt64 = 0
        let deadline = duration.map { Date().addingTimeInterval($0) }
        var lastFlush = Date()
        StopSignal.install()
        while deadline.map({ Date() < $0 }) ?? true, !StopSignal.requested.load(ordering: .relaxed) {
            var delivered = 0
            for source in sources {
                let linkType = source.handle.linkType
                do {
                    let result = try source.handle.readPackets(maximumCount: 512) { info, bytes in
                        frames &+= 1
                        let now = info.timestamp.milliseconds
                        exporter.advanceClock(to: now)
                        do throws(WireError) {
                            try decoder.decode(
                                bytes,
                                linkType: linkType,
                                wireLength: info.originalLength,
                                into: &packet
                            )
                        } catch { return }
                        cache.observe(packet, timestampMilliseconds: now, interfaceIndex: source.index, into: &exporter)
                    }
                    delivered += result.delivered
                } catch {
                    throw CommandFailure("capture on \(source.name) failed: \(error)")
                }
            }
            let wall = Int64(Date().timeIntervalSince1970 * 1000)
            exporter.advanceClock(to: wall)
            cache.expire(now: wall, into: &exporter)
            if Date().timeIntervalSince(lastFlush) >= 1 {
                exporter.flush()
                lastFlush = Date()
            }
            exporter.output.flushIfDue()
            if delivered == 0 { Thread.sleep(forTimeInterval: 0.01) }
        }
        cache.endAll(into: &exporter)
        exporter.flush()
        return frames
    }
}
