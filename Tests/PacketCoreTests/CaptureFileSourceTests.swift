import Foundation
import PacketCore
import Testing

/// `CaptureFileReader(path:)` picks its byte source by content: plain files
/// through `FileByteSource` (read(2)), gzip and pipes through zlib. Every path
/// must deliver the same records as reading the bytes from memory.
@Suite struct CaptureFileSourceTests {
    /// Frames of 1 to 1500 bytes, so records straddle the reader's buffer refills.
    static let frames: [[UInt8]] = (0..<600).map { index in
        (0..<(1 + (index * 37) % 1500)).map { UInt8(truncatingIfNeeded: $0 &+ index) }
    }

    struct Delivered: Equatable {
        var number: Int
        var timestamp: CaptureTimestamp
        var originalLength: Int
        var bytes: [UInt8]
    }

    static func pcapBytes() throws -> [UInt8] {
        let sink = MemoryByteSink()
        let writer = try PcapWriter(sink: sink, header: PcapFileHeader(nanosecond: true))
        for (index, frame) in frames.enumerated() {
            try writer.write(
                frame,
                timestamp: CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: UInt32(index)),
                originalLength: frame.count + index % 3
            )
        }
        try writer.close()
        return sink.bytes
    }

    static func readAll(_ reader: CaptureFileReader) throws -> [Delivered] {
        var delivered: [Delivered] = []
        while let record = try reader.next() {
            delivered.append(
                Delivered(
                    number: record.number,
                    timestamp: record.timestamp,
                    originalLength: record.originalLength,
                    bytes: reader.currentFrame()
                )
            )
        }
        return delivered
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("vtbn-\(UUID().uuidString)-\(name)").path
    }

    @Test func plainGzipPipeAndChunkedSourcesDeliverTheSameRecords() throws {
        let bytes = try Self.pcapBytes()
        let expected = try Self.readAll(CaptureFileReader(source: MemoryByteSource(bytes)))
        #expect(expected.count == Self.frames.count)
        #expect(expected.map(\.bytes) == Self.frames)

        let plain = Self.temporaryPath("plain.pcap")
        try Data(bytes).write(to: URL(fileURLWithPath: plain))
        defer { try? FileManager.default.removeItem(atPath: plain) }
        #expect(try Self.readAll(CaptureFileReader(path: plain)) == expected)
        #expect(try Self.readAll(CaptureFileReader(source: FileByteSource(path: plain))) == expected)

        // gzip is recognised by its magic, not by the name.
        let gzipped = Self.temporaryPath("compressed-without-suffix.pcap")
        let sink = try GzipFileSink(path: gzipped, compressed: true)
        try sink.write(bytes, count: bytes.count)
        try sink.close()
        defer { try? FileManager.default.removeItem(atPath: gzipped) }
        let header = try FileHandle(forReadingFrom: URL(fileURLWithPath: gzipped)).readData(ofLength: 2)
        #expect(Array(header) == [0x1F, 0x8B])
        #expect(try Self.readAll(CaptureFileReader(path: gzipped)) == expected)

        // A pipe cannot be read at an offset: the reader falls back to zlib's stream.
        let fifo = Self.temporaryPath("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: fifo) }
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data(bytes))
                try? handle.close()
            }
        }
        writer.start()
        #expect(try Self.readAll(CaptureFileReader(path: fifo)) == expected)

        // Sources outside PacketCore, returning a few bytes per call.
        for chunk in [1, 7, 4096] {
            #expect(try Self.readAll(CaptureFileReader(source: TrickleSource(bytes, chunk: chunk))) == expected)
        }
    }

    @Test func fileSourcesFillAnArrayAtAnOffset() throws {
        let bytes = try Self.pcapBytes()
        let path = Self.temporaryPath("array.pcap")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for source in [try FileByteSource(path: path), try GzipFileSource(path: path)] as [any CaptureByteSource] {
            var buffer = [UInt8](repeating: 0xEE, count: 20)
            #expect(try source.read(into: &buffer, offset: 3, count: 10) == 10)
            #expect(Array(buffer[3..<13]) == Array(bytes[0..<10]))
            #expect(buffer[0..<3].allSatisfy { $0 == 0xEE } && buffer[13...].allSatisfy { $0 == 0xEE })
        }
    }

    @Test func aMissingFileIsAnIOErrorNamingThePath() {
        let path = Self.temporaryPath("missing.pcap")
        #expect {
            _ = try CaptureFileReader(path: path)
        } throws: { error in
            guard let error = error as? CaptureFileError else { return false }
            return error.code == .io && error.path == path
        }
    }

    @Test func aDirectoryIsAnIOErrorNamingThePath() {
        let path = FileManager.default.temporaryDirectory.path
        #expect {
            _ = try CaptureFileReader(path: path)
        } throws: { error in
            guard let error = error as? CaptureFileError else { return false }
            return error.code == .io && error.path == path && error.message.contains("directory")
        }
    }

    @Test func aRecordLargerThanTheReadBufferIsDelivered() throws {
        let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 31) }
        let sink = MemoryByteSink()
        let writer = try PcapWriter(sink: sink, header: PcapFileHeader(snapLength: 1_000_000))
        try writer.write([1, 2, 3], timestamp: CaptureTimestamp(seconds: 1, nanoseconds: 0))
        try writer.write(big + big, timestamp: CaptureTimestamp(seconds: 2, nanoseconds: 0))
        try writer.write([4], timestamp: CaptureTimestamp(seconds: 3, nanoseconds: 0))
        try writer.close()
        let delivered = try Self.readAll(CaptureFileReader(source: TrickleSource(sink.bytes, chunk: 65_537)))
        #expect(delivered.map(\.bytes) == [[1, 2, 3], big + big, [4]])
    }
}

/// A `CaptureByteSource` defined outside PacketCore that returns at most `chunk` bytes per read.
final class TrickleSource: CaptureByteSource {
    let name = "<trickle>"
    private let bytes: [UInt8]
    private let chunk: Int
    private var position = 0

    init(_ bytes: [UInt8], chunk: Int) {
        self.bytes = bytes
        self.chunk = chunk
    }

    func read(into buffer: inout [UInt8], offset: Int, count: Int) throws(CaptureFileError) -> Int {
        let n = min(count, chunk, bytes.count - position)
        buffer.replaceSubrange(offset..<(offset + n), with: bytes[position..<(position + n)])
        position += n
        return n
    }
}
