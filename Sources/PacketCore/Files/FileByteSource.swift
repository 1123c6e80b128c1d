#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an uncompressed file with `read(2)` straight into the reader's buffer:
/// one system call per buffer fill and no intermediate copy (zlib's `gzread`
/// copies every byte once more through its own buffer, even for plain files).
///
/// `CaptureFileReader(path:)` picks this source for plain files and
/// `GzipFileSource` for gzip input (magic `1f 8b`) or unseekable files.
@safe public final class FileByteSource: CaptureByteSource {
    /// The path read.
    public let name: String
    private let descriptor: CInt

    /// Opens `path` for reading. The corresponding C function is `open`.
    public init(path: String) throws(CaptureFileError) {
        let descriptor = unsafe open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(path, "cannot open") }
        self.descriptor = descriptor
        self.name = path
        #if canImport(Glibc)
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)  // a hint: larger read-ahead
        #endif
    }

    /// Reads up to `count` bytes into `buffer[offset...]` with `read(2)`; 0 at the end of the file.
    ///
    /// - Throws: `CaptureFileError` (`.io`) when `read(2)` fails.
    public func read(into buffer: inout [UInt8], offset: Int, count: Int) throws(CaptureFileError) -> Int {
        try readInPlace(into: &buffer, offset: offset, count: count)
    }

    /// True when the file starts with the gzip magic `1f 8b`; nil when the
    /// file cannot be read at an offset (a pipe). Does not move the read position.
    func startsWithGzipMagic() throws(CaptureFileError) -> Bool? {
        var magic: (UInt8, UInt8) = (0, 0)
        let got = unsafe withUnsafeMutableBytes(of: &magic) { raw in unsafe pread(descriptor, raw.baseAddress, 2, 0) }
        if got < 0 {
            if errno == ESPIPE { return nil }
            throw Self.error(name, "cannot read")
        }
        return got == 2 && magic.0 == 0x1F && magic.1 == 0x8B
    }

    /// A duplicate of the descriptor, positioned where this source is (at the
    /// start when nothing was read), for `GzipFileSource(adopting:name:)`.
    func duplicateDescriptor() throws(CaptureFileError) -> CInt {
        let copy = dup(descriptor)
        guard copy >= 0 else { throw Self.error(name, "cannot duplicate the file descriptor") }
        return copy
    }

    deinit { _ = close(descriptor) }

    private static func error(_ path: String, _ what: String) -> CaptureFileError {
        let reason = unsafe String(cString: strerror(errno))
        return CaptureFileError(code: .io, path: path, recordNumber: 0, offset: 0, message: "\(what): \(reason)")
    }
}

extension FileByteSource: DirectByteSource {
    var isWorthReadingAhead: Bool { true }

    func read(into destination: UnsafeMutableRawBufferPointer) throws(CaptureFileError) -> Int {
        while true {
            let got = unsafe systemRead(descriptor, destination.baseAddress, destination.count)
            if got >= 0 { return got }
            if errno != EINTR { throw Self.error(name, "read failed") }
        }
    }
}

/// The C `read`, named apart from the source's own `read` methods.
private func systemRead(_ descriptor: CInt, _ destination: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    unsafe read(descriptor, destination, count)
}
