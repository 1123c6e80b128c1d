import PacketCore

/// A `CaptureByteSource` that hands out at most `chunk` bytes per read, the
/// way a pipe or a socket does: exercises the reader's refill path and the
/// path for sources PacketCore does not define.
public final class ChunkedByteSource: CaptureByteSource {
    public let name = "<chunked>"
    private let bytes: [UInt8]
    private let chunk: Int
    private var position = 0

    public init(_ bytes: [UInt8], chunk: Int) {
        precondition(chunk > 0)
        self.bytes = bytes
        self.chunk = chunk
    }

    public func read(into buffer: inout [UInt8], offset: Int, count: Int) throws(CaptureFileError) -> Int {
        let n = min(count, chunk, bytes.count - position)
        if n > 0 {
            buffer.replaceSubrange(offset..<(offset + n), with: bytes[position..<(position + n)])
            position += n
        }
        return n
    }
}
