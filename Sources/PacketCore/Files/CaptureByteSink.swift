import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where capture writers put their bytes.
public protocol CaptureByteSink: AnyObject {
    /// A name for error messages (the path, or `<memory>`).
    var name: String { get }
    /// Writes the first `count` bytes of `bytes`.
    ///
    /// - Throws: `CaptureFileError` (`.io`) when the write fails or the sink is closed.
    func write(_ bytes: borrowing [UInt8], count: Int) throws(CaptureFileError)
    /// Flushes and closes; further writes are an error.
    func close() throws(CaptureFileError)
}

/// Writes a file through zlib: gzip-compressed when `compressed` (or the path
/// ends in `.gz`), otherwise plain bytes (zlib's transparent mode).
@safe public final class GzipFileSink: CaptureByteSink {
    /// The path written to.
    public let name: String
    private var file: gzFile?

    /// Creates or truncates `path`. The corresponding C function is `gzopen`.
    public init(path: String, compressed: Bool? = nil) throws(CaptureFileError) {
        let gzip = compressed ?? path.hasSuffix(".gz")
        guard let file = unsafe gzopen(path, gzip ? "wb6" : "wbT") else {
            let reason = unsafe String(cString: strerror(errno))
            throw CaptureFileError(
                code: .io,
                path: path,
                recordNumber: 0,
                offset: 0,
                message: "cannot create: \(reason)"
            )
        }
        unsafe gzbuffer(file, 1 << 18)
        unsafe self.file = file
        self.name = path
    }

    /// Writes the first `count` bytes through zlib (`gzwrite`).
    ///
    /// - Throws: `CaptureFileError` (`.io`) after `close()` or when zlib reports an error.
    public func write(_ bytes: borrowing [UInt8], count: Int) throws(CaptureFileError) {
        guard let file = unsafe file else {
            throw CaptureFileError(code: .io, path: name, recordNumber: 0, offset: 0, message: "write after close")
        }
        guard count > 0 else { return }
        let written = unsafe bytes.withUnsafeBytes { raw in unsafe gzwrite(file, raw.baseAddress!, UInt32(count)) }
        if Int(written) != count {
            var code: Int32 = 0
            let message = unsafe String(cString: gzerror(file, &code))
            throw CaptureFileError(
                code: .io,
                path: name,
                recordNumber: 0,
                offset: 0,
                message: "write failed: \(message)"
            )
        }
    }

    /// Flushes and closes the file (`gzclose`); a second call does nothing.
    ///
    /// - Throws: `CaptureFileError` (`.io`) when zlib cannot finish the file.
    public func close() throws(CaptureFileError) {
        guard let file = unsafe file else { return }
        unsafe self.file = nil
        let result = unsafe gzclose(file)
        if result != Z_OK {
            throw CaptureFileError(
                code: .io,
                path: name,
                recordNumber: 0,
                offset: 0,
                message: "close failed (zlib \(result))"
            )
        }
    }

    deinit { if let file = unsafe file { unsafe _ = gzclose(file) } }
}

/// Collects written bytes in memory.
public final class MemoryByteSink: CaptureByteSink {
    /// Always `<memory>`.
    public let name = "<memory>"
    /// Everything written, in order.
    public private(set) var bytes: [UInt8] = []
    /// An empty sink.
    public init() {}
    /// Appends the first `count` bytes; never throws.
    public func write(_ data: borrowing [UInt8], count: Int) throws(CaptureFileError) {
        bytes.append(contentsOf: data[0..<count])
    }
    /// Does nothing: the bytes stay readable.
    public func close() throws(CaptureFileError) {}
}
