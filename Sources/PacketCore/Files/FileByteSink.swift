#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an uncompressed file with `write(2)` straight from the writer's
/// buffer: one system call per buffer and no intermediate copy (zlib's
/// transparent mode copies every byte once more through its own buffer).
///
/// `PcapWriter(path:)` and `PcapngWriter(path:)` pick this sink for plain files
/// and `GzipFileSink` for paths ending in `.gz`.
// The C functions, named apart from the sink's own `write` and `close`.
private let systemWrite = unsafe write
private let systemClose = close

@safe public final class FileByteSink: CaptureByteSink {
    public let name: String
    private var descriptor: CInt
    private var written: Int64 = 0

    /// Creates or truncates `path` (mode 0644). The corresponding C function is `open`.
    public init(path: String) throws(CaptureFileError) {
        let descriptor = unsafe open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.error(path, "cannot create", at: 0) }
        self.descriptor = descriptor
        self.name = path
    }

    public func write(_ bytes: borrowing [UInt8], count: Int) throws(CaptureFileError) {
        guard descriptor >= 0 else {
            throw CaptureFileError(code: .io, path: name, recordNumber: 0, offset: written, message: "write after close")
        }
        precondition(count >= 0 && count <= bytes.count, "write of more bytes than the buffer holds")
        var done = 0
        while done < count {
            let result = unsafe bytes.withUnsafeBytes { raw in
                unsafe systemWrite(descriptor, raw.baseAddress! + done, count - done)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw Self.error(name, "write failed", at: written)
            }
            done += result
            written += Int64(result)
        }
    }

    public func close() throws(CaptureFileError) {
        guard descriptor >= 0 else { return }
        let result = systemClose(descriptor)
        descriptor = -1
        if result != 0 { throw Self.error(name, "close failed", at: written) }
    }

    deinit { if descriptor >= 0 { _ = systemClose(descriptor) } }

    /// A plain-file sink, or a gzip sink when `path` ends in `.gz`.
    public static func opening(path: String) throws(CaptureFileError) -> any CaptureByteSink {
        if path.hasSuffix(".gz") { return try GzipFileSink(path: path, compressed: true) }
        return try FileByteSink(path: path)
    }

    private static func error(_ path: String, _ what: String, at offset: Int64) -> CaptureFileError {
        let reason = unsafe String(cString: strerror(errno))
        return CaptureFileError(code: .io, path: path, recordNumber: 0, offset: offset, message: "\(what): \(reason)")
    }
}
