import BenchmarkSupport
import PacketCore

/// In-memory capture files built from `SampleFrame.all` (Ethernet frames only),
/// and a sink that throws written bytes away.
enum CaptureFixture {
    static let ethernetFrames = SampleFrame.all.filter { $0.linkType == .ethernet }

    /// Calls `body` with `count` frames cycling through the Ethernet samples.
    static func writeFrames(_ count: Int, _ body: (RawSpan, CaptureTimestamp) -> Void) {
        let frames = ethernetFrames
        for index in 0..<count {
            let timestamp = CaptureTimestamp(
                seconds: 1_700_000_000 + Int64(index / 1000),
                nanoseconds: UInt32(index % 1000) * 1000
            )
            let frame = frames[index % frames.count].bytes
            body(frame.span.bytes, timestamp)
        }
    }

    static func pcap(frames: Int) -> [UInt8] {
        let sink = MemoryByteSink()
        let writer = try! PcapWriter(sink: sink, header: PcapFileHeader())
        writeFrames(frames) { frame, timestamp in try! writer.write(frame, timestamp: timestamp) }
        try! writer.close()
        return sink.bytes
    }

    static func pcapng(frames: Int) -> [UInt8] {
        let sink = MemoryByteSink()
        let writer = try! PcapngWriter(sink: sink)
        try! writer.addInterface(linkType: .ethernet, name: "vnet0")
        writeFrames(frames) { frame, timestamp in try! writer.write(frame, timestamp: timestamp) }
        try! writer.close()
        return sink.bytes
    }
}

/// A `CaptureByteSink` that discards everything (measures the writer alone).
final class DiscardingSink: CaptureByteSink {
    let name = "<discard>"
    func write(_ bytes: borrowing [UInt8], count: Int) throws(CaptureFileError) { blackHoleCount(count) }
    func close() throws(CaptureFileError) {}
}

@inline(never) func blackHoleCount(_ count: Int) {}
