import Foundation
import PacketCore
import Testing

/// Files larger than the reader's first buffer are read ahead on a background
/// thread (4 MiB chunks), and plain output files are written behind. Records
/// straddling chunk boundaries, records larger than a chunk, damaged files,
/// readers dropped mid-file and failing writes must behave exactly as with
/// synchronous I/O.
@Suite struct BackgroundIOTests {
    typealias Delivered = CaptureFileSourceTests.Delivered

    /// About 14 MB: frames of 1 to 9,000 bytes (jumbo), so records straddle several 4 MiB chunks.
    static let frames: [[UInt8]] = (0..<3_000).map { index in
        let length = 1 + (index &* 7_919) % 9_000
        return (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 3 &+ index) }
    }

    static func pcapBytes(_ frames: [[UInt8]], snapLength: UInt32 = 65_535) throws -> [UInt8] {
        let sink = MemoryByteSink()
        let writer = try PcapWriter(sink: sink, header: PcapFileHeader(nanosecond: true, snapLength: snapLength))
        for (index, frame) in frames.enumerated() {
            try writer.write(
                frame,
                timestamp: CaptureTimestamp(seconds: 1_700_000_000 + Int64(index), nanoseconds: 5),
                originalLength: frame.count + index % 5
            )
        }
        try writer.close()
        return sink.bytes
    }

    static func withFile<R>(_ name: String, _ bytes: [UInt8], _ body: (String) throws -> R) throws -> R {
        let path = CaptureFileSourceTests.temporaryPath(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    @Test func aLargeFileReadAheadDeliversWhatMemoryDelivers() throws {
        let bytes = try Self.pcapBytes(Self.frames)
        #expect(bytes.count > 12_000_000)
        // A source outside PacketCore is never read ahead: the reference.
        let expected = try CaptureFileSourceTests.readAll(
            CaptureFileReader(source: TrickleSource(bytes, chunk: 65_536))
        )
        #expect(expected.map(\.bytes) == Self.frames)
        try Self.withFile("large.pcap", bytes) { path in
            #expect(try CaptureFileSourceTests.readAll(CaptureFileReader(path: path)) == expected)

            // gzip input is inflated on the background thread the same way.
            let gzipped = path + ".gz"
            let sink = try GzipFileSink(path: gzipped, compressed: true)
            try sink.write(bytes, count: bytes.count)
            try sink.close()
            defer { try? FileManager.default.removeItem(atPath: gzipped) }
            #expect(try CaptureFileSourceTests.readAll(CaptureFileReader(path: gzipped)) == expected)

            // forEachFrame sees the same records and bytes as next() + currentFrame().
            var seen: [Delivered] = []
            try CaptureFileReader(path: path).forEachFrame { record, frame in
                seen.append(
                    Delivered(
                        number: record.number,
                        timestamp: record.timestamp,
                        originalLength: record.originalLength,
                        bytes: frame.withUnsafeBytes { Array($0) }
                    )
                )
                return true
            }
            #expect(seen == expected)
        }
    }

    @Test func forEachFrameStopsWhenTheBodySaysSo() throws {
        try Self.withFile("stop.pcap", try Self.pcapBytes(Self.frames)) { path in
            let reader = try CaptureFileReader(path: path)
            var count = 0
            try reader.forEachFrame { record, _ in
                count += 1
                return record.number < 1_234
            }
            #expect(count == 1_234)
            #expect(try reader.next()?.number == 1_235)
        }
    }

    @Test func aPcapngBlockLargerThanAChunkIsDelivered() throws {
        // 6 MiB and 9 MiB frames between small ones: a record needs several read-ahead chunks.
        let large = (0..<(6 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let larger = (0..<(9 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let frames = Array(Self.frames[0..<400]) + [large] + Array(Self.frames[400..<800]) + [larger, [1, 2, 3]]
        let sink = MemoryByteSink()
        let writer = try PcapngWriter(sink: sink)
        let interface = try writer.addInterface(linkType: .ethernet, name: "vnet7", ticksPerSecond: 1_000_000_000)
        for (index, frame) in frames.enumerated() {
            try writer.write(
                frame,
                interface: interface,
                timestamp: CaptureTimestamp(seconds: Int64(index), nanoseconds: 1)
            )
        }
        try writer.close()
        try Self.withFile("large-blocks.pcapng", sink.bytes) { path in
            let delivered = try CaptureFileSourceTests.readAll(CaptureFileReader(path: path))
            #expect(delivered.count == frames.count)
            #expect(delivered.map(\.bytes) == frames)
        }
    }

    @Test func aDamagedLargeFileFailsAtTheSameRecordAndOffsetAsInMemory() throws {
        var bytes = try Self.pcapBytes(Self.frames)
        // Cut inside a record about 9 MB in (past two read-ahead chunks), then corrupt a length further on.
        let cut = 9_000_001
        let truncated = Array(bytes[..<cut])
        func failure(_ reader: CaptureFileReader) -> (delivered: Int, error: CaptureFileError?) {
            var delivered = 0
            do {
                while try reader.next() != nil { delivered += 1 }
                return (delivered, nil)
            } catch { return (delivered, error) }
        }
        let reference = failure(try CaptureFileReader(source: TrickleSource(truncated, chunk: 65_536)))
        #expect(reference.error?.code == .truncated)
        try Self.withFile("truncated.pcap", truncated) { path in
            let result = failure(try CaptureFileReader(path: path))
            #expect(result.delivered == reference.delivered)
            #expect(result.error?.recordNumber == reference.error?.recordNumber)
            #expect(result.error?.offset == reference.error?.offset)
            #expect(result.error?.path == path)
        }

        // A captured length no snap length allows, at record 2,500: records before it all arrive.
        var offset = 24
        for frame in Self.frames[0..<2_499] { offset += 16 + frame.count }
        bytes.replaceSubrange((offset + 8)..<(offset + 12), with: [0xFF, 0xFF, 0xFF, 0x7F])
        try Self.withFile("bad-length.pcap", bytes) { path in
            let result = failure(try CaptureFileReader(path: path))
            #expect(result.delivered == 2_499)
            #expect(result.error?.code == .badLength)
            #expect(result.error?.recordNumber == 2_500)
            #expect(result.error?.offset == Int64(offset + 8))
        }
    }

    @Test func aDamagedGzipStreamFailsAtTheSameRecordAndOffsetReadAheadOrNot() throws {
        let bytes = try Self.pcapBytes(Self.frames)
        let path = CaptureFileSourceTests.temporaryPath("damaged.pcap.gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try GzipFileSink(path: path, compressed: true)
        try sink.write(bytes, count: bytes.count)
        try sink.close()
        // Damage 64 bytes in the middle of the compressed stream.
        var compressed = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        for index in (compressed.count / 2)..<(compressed.count / 2 + 64) { compressed[index] ^= 0x5A }
        try Data(compressed).write(to: URL(fileURLWithPath: path))

        func outcome(_ reader: CaptureFileReader) -> (frames: [Int], error: CaptureFileError?) {
            var lengths: [Int] = []
            do {
                while let record = try reader.next() { lengths.append(record.capturedLength) }
                return (lengths, nil)
            } catch { return (lengths, error) }
        }
        // Reference: the same gzip stream read in place (a source outside PacketCore is never read ahead).
        let reference = outcome(try CaptureFileReader(source: PassThroughSource(try GzipFileSource(path: path))))
        let readAhead = outcome(try CaptureFileReader(path: path))
        #expect(reference.error != nil)
        #expect(readAhead.frames.count == reference.frames.count)
        #expect(readAhead.frames == reference.frames)
        #expect(readAhead.error?.code == reference.error?.code)
        #expect(readAhead.error?.recordNumber == reference.error?.recordNumber)
        #expect(readAhead.error?.offset == reference.error?.offset)
        // The damage is past the first read-ahead chunks: the records before it were read ahead.
        #expect(readAhead.frames.count > 1_000)
    }

    @Test func readersDroppedMidFileLeaveNothingBehind() throws {
        try Self.withFile("dropped.pcap", try Self.pcapBytes(Self.frames)) { path in
            for round in 0..<25 {
                let reader = try CaptureFileReader(path: path)
                for _ in 0..<(200 + round * 40) { _ = try reader.next() }
                // The reader goes away with a read-ahead request in flight.
            }
            #expect(try CaptureFileSourceTests.readAll(CaptureFileReader(path: path)).count == Self.frames.count)
        }
    }

    @Test func writingBehindProducesTheSameFileAndEmptiesAnOlderLargerOne() throws {
        let bytes = try Self.pcapBytes(Self.frames)
        let path = CaptureFileSourceTests.temporaryPath("written.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // An older, larger file at the path: nothing of it may survive.
        try Data(repeating: 0xAB, count: bytes.count + 5_000_000).write(to: URL(fileURLWithPath: path))
        let writer = try PcapWriter(path: path, header: PcapFileHeader(nanosecond: true, snapLength: 65_535))
        for (index, frame) in Self.frames.enumerated() {
            try writer.write(
                frame,
                timestamp: CaptureTimestamp(seconds: 1_700_000_000 + Int64(index), nanoseconds: 5),
                originalLength: frame.count + index % 5
            )
            if index == 1_500 {
                // flush() returns only once everything so far is in the file.
                try writer.flush()
                let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
                let expectedSize = 24 + Self.frames[0...1_500].reduce(0) { $0 + 16 + $1.count }
                #expect(size == expectedSize)
            }
        }
        try writer.close()
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
    }

    @Test func anEmptyOutputStillEmptiesTheOlderFile() throws {
        let path = CaptureFileSourceTests.temporaryPath("emptied.pcapng")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0xCD, count: 3_000_000).write(to: URL(fileURLWithPath: path))
        let sink = try FileByteSink(path: path)
        try sink.close()
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 0)
    }

    @Test func aFailingWriteBehindIsReportedWithItsFile() throws {
        // /dev/full refuses every write with ENOSPC; the error surfaces at a later write or at close.
        let writer = try PcapWriter(path: "/dev/full", header: PcapFileHeader())
        var failure: CaptureFileError?
        do {
            for frame in Self.frames {
                try writer.write(frame, timestamp: CaptureTimestamp(seconds: 1, nanoseconds: 0))
            }
            try writer.close()
        } catch { failure = error }
        #expect(failure?.code == .io)
        #expect(failure?.path == "/dev/full")
        #expect(failure?.message.contains("No space left") == true)
    }
}

/// Hands another source's bytes through `read(into:offset:count:)` only, so that
/// `CaptureFileReader` reads it in place (the reference for read-ahead).
final class PassThroughSource: CaptureByteSource {
    let name: String
    private let inner: any CaptureByteSource

    init(_ inner: any CaptureByteSource) {
        self.inner = inner
        self.name = inner.name
    }

    func read(into buffer: inout [UInt8], offset: Int, count: Int) throws(CaptureFileError) -> Int {
        try inner.read(into: &buffer, offset: offset, count: count)
    }
}
