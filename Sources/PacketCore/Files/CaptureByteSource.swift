import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a `CaptureFileReader` gets its bytes: a file (plain or gzip), or memory.
public protocol CaptureByteSource: AnyObject {
    /// A name for error messages (the path, or "<memory>").
    var name: String { get }
    /// Reads up to `count` bytes into `buffer[offset...]`; returns 0 at end of input.
    func read(into buffer: inout [UInt8], offset: Int, count: Int) throws(CaptureFileError) -> Int
}

/// Reads a file through zlib's `gzread`, which decompresses gzip input and
/// passes anything else through unchanged: `.pcap`, `.pcapng` and their `.gz`
/// share one code path.
@safe public final class GzipFileSource: CaptureByteSource {
    public let name: String
    private let file: gzFile

    /// Opens `path` for reading. The corresponding C function is `gzopen`.
    public init(path: String) throws(CaptureFileError) {
        guard let file = unsafe gzopen(path, "rb") else {
            let reason = unsafe String(cString: strerror(errno))
            throw CaptureFileError(code: .io, path: path, recordNumber: 0, offset: 0, message: "cannot open: \(reason)")
        }
        unsafe gzbuffer(file, 1 << 18)
        unsafe self.file = file
        self.name = path
    }

    public func read(into buffer: inout [UInt8], offset: Int, count: Int) throws(CaptureFileError) -> Int {
        precondition(offset >= 0 && count >= 0 && offset + count <= buffer.count)
        let got = unsafe buffer.withUnsafeMutableBytes { raw in
            unsafe gzread(file, raw.baseAddress! + offset, UInt32(clamping: count))
        }
        if got < 0 {
            var code: Int32 = 0
            let message = unsafe String(cString: gzerror(file, &code))
            throw CaptureFileError(code: .io, path: name, recordNumber: 0, offset: 0, message: "read failed: \(message)")
        }
        return Int(got)
    }

    deinit { unsafe _ = gzclose(file) }
}

/// Serves bytes from memory (tests, fuzzing, data received over a socket).
public final class MemoryByteSource: CaptureByteSource {
    public let name: String
    private let bytes: [UInt8]
    private var position = 0

    public init(_ bytes: [UInt8], name: String = "<memory>") {
        self.bytes = bytes
        self.name = name
    }

    public func read(into buffer: inout [UInt8], offset: Int, count: Int) throws(CaptureFileError) -> Int {
        let n = min(count, bytes.count - position)
        if n > 0 {
            buffer.replaceSubrange(offset..<(offset + n), with: bytes[position..<(position + n)])
            position += n
        }
        return n
    }
}
