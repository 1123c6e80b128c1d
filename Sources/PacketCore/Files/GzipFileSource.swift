import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file through zlib's `inflate`: gzip input (one or more members) is
/// decompressed, anything else passes through unchanged, so `.pcap`,
/// `.pcapng`, their `.gz` and pipes share one code path.
///
/// Guarantees:
/// - Every byte zlib produced before damage is delivered: a damaged stream
///   (a bad deflate block, a CRC or length mismatch in the trailer, a file
///   that ends inside a member) first returns the bytes decompressed up to
///   the damage, then throws on the next read, with zlib's reason. (`gzread`
///   returns -1 for the whole call instead, losing what it had inflated.)
/// - Trailing bytes after the last member that are not another gzip member
///   are ignored, as `gzip -d` does.
@safe public final class GzipFileSource: CaptureByteSource {
    /// The path read.
    public let name: String
    private let descriptor: CInt
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var mode = Mode.undecided
    private var streamOpen = false
    private var memberEnded = false
    private var inputEnded = false
    /// The damage found while producing the bytes last returned: thrown by the next read.
    private var pendingError: CaptureFileError?

    private enum Mode { case undecided, gzip, plain, finished }
    private static let inputSize = 1 << 18

    /// Opens `path` for reading.
    public convenience init(path: String) throws(CaptureFileError) {
        let descriptor = unsafe open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = unsafe String(cString: strerror(errno))
            throw CaptureFileError(code: .io, path: path, recordNumber: 0, offset: 0, message: "cannot open: \(reason)")
        }
        self.init(adopting: descriptor, name: path)
    }

    /// Reads from an open descriptor, which the source then owns and closes.
    init(adopting descriptor: CInt, name: String) {
        self.descriptor = descriptor
        self.name = name
        unsafe stream = .allocate(capacity: 1)
        unsafe stream.initialize(to: z_stream())
        unsafe input = .allocate(byteCount: Self.inputSize, alignment: 16)
    }

    /// Reads up to `count` decompressed bytes into `buffer[offset...]`; 0 at the end of the input.
    ///
    /// - Throws: `CaptureFileError` (`.io`) with zlib's reason, after the bytes inflated before the damage were
    ///   returned.
    public func read(into buffer: inout [UInt8], offset: Int, count: Int) throws(CaptureFileError) -> Int {
        try readInPlace(into: &buffer, offset: offset, count: count)
    }

    deinit {
        if streamOpen { unsafe _ = inflateEnd(stream) }
        unsafe stream.deallocate()
        unsafe input.deallocate()
        _ = close(descriptor)
    }

    private func failure(_ message: String) -> CaptureFileError {
        CaptureFileError(code: .io, path: name, recordNumber: 0, offset: 0, message: message)
    }

    /// Reads more compressed input behind what is left; false at the end of the file.
    private func fillInput() throws(CaptureFileError) -> Bool {
        if inputEnded { return false }
        let left = Int(unsafe stream.pointee.avail_in)
        if left > 0, unsafe stream.pointee.next_in != input.baseAddress!.assumingMemoryBound(to: Bytef.self) {
            unsafe input.baseAddress!.copyMemory(from: UnsafeRawPointer(stream.pointee.next_in!), byteCount: left)
        }
        while true {
            let got = unsafe gzipSystemRead(descriptor, input.baseAddress! + left, Self.inputSize - left)
            if got < 0 {
                if errno == EINTR { continue }
                throw failure("read failed: \(unsafe String(cString: strerror(errno)))")
            }
            if got == 0 { inputEnded = true }
            unsafe stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
            unsafe stream.pointee.avail_in = UInt32(left + got)
            return got > 0
        }
    }

    /// True when the unread input starts with the gzip magic `1f 8b` (reading more to see two bytes).
    private func inputStartsWithGzipMagic() throws(CaptureFileError) -> Bool {
        while unsafe stream.pointee.avail_in < 2, try fillInput() {}
        guard unsafe stream.pointee.avail_in >= 2, let head = unsafe stream.pointee.next_in else { return false }
        let first = unsafe head[0]
        let second = unsafe head[1]
        return first == 0x1F && second == 0x8B
    }

    /// Decides gzip or plain from the first two bytes.
    private func decideMode() throws(CaptureFileError) {
        guard try inputStartsWithGzipMagic() else {
            mode = .plain
            return
        }
        // 15 + 16: a gzip wrapper with a window of up to 32 KiB.
        let result = unsafe inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard result == Z_OK else { throw failure("cannot start inflating (zlib \(result))") }
        streamOpen = true
        mode = .gzip
    }
}

extension GzipFileSource: DirectByteSource {
    var isWorthReadingAhead: Bool { true }

    func read(into destination: UnsafeMutableRawBufferPointer) throws(CaptureFileError) -> Int {
        if let pendingError {
            self.pendingError = nil
            mode = .finished
            throw pendingError
        }
        if mode == .undecided { try decideMode() }
        switch mode {
        case .finished, .undecided: return 0
        case .plain: return try readPlain(into: destination)
        case .gzip: return try inflate(into: destination)
        }
    }

    private func readPlain(into destination: UnsafeMutableRawBufferPointer) throws(CaptureFileError) -> Int {
        let buffered = Int(unsafe stream.pointee.avail_in)
        if buffered > 0 {
            let n = min(buffered, destination.count)
            unsafe destination.baseAddress!.copyMemory(from: UnsafeRawPointer(stream.pointee.next_in!), byteCount: n)
            unsafe stream.pointee.next_in += n
            unsafe stream.pointee.avail_in -= UInt32(n)
            return n
        }
        while true {
            let got = unsafe gzipSystemRead(descriptor, destination.baseAddress!, destination.count)
            if got >= 0 { return got }
            if errno != EINTR { throw failure("read failed: \(unsafe String(cString: strerror(errno)))") }
        }
    }

    private func inflate(into destination: UnsafeMutableRawBufferPointer) throws(CaptureFileError) -> Int {
        let wanted = UInt32(clamping: destination.count)
        unsafe stream.pointee.next_out = destination.baseAddress!.assumingMemoryBound(to: Bytef.self)
        unsafe stream.pointee.avail_out = wanted
        var produced: Int { Int(wanted - (unsafe stream.pointee.avail_out)) }
        /// Delivers what was produced and keeps `error` for the next read (or throws it now).
        func damaged(_ error: CaptureFileError) throws(CaptureFileError) -> Int {
            if produced == 0 {
                mode = .finished
                throw error
            }
            pendingError = error
            return produced
        }
        while unsafe stream.pointee.avail_out > 0 {
            if memberEnded {
                // Another member, or the end: trailing bytes that are not a gzip member are ignored.
                guard try inputStartsWithGzipMagic() else {
                    mode = .finished
                    break
                }
                unsafe _ = inflateReset(stream)
                memberEnded = false
            }
            if unsafe stream.pointee.avail_in == 0, try !fillInput() {
                return try damaged(failure("read failed: unexpected end of file (the gzip stream is cut)"))
            }
            let result = unsafe CZlib.inflate(stream, Z_NO_FLUSH)
            switch result {
            case Z_OK: continue
            case Z_STREAM_END: memberEnded = true
            case Z_BUF_ERROR where unsafe stream.pointee.avail_in == 0: continue
            default:
                let reason = unsafe stream.pointee.msg.map { unsafe String(cString: $0) } ?? "zlib error \(result)"
                return try damaged(failure("read failed: \(reason)"))
            }
        }
        return produced
    }
}

/// The C `read`, named apart from the source's own `read` methods.
private func gzipSystemRead(_ descriptor: CInt, _ destination: UnsafeMutableRawPointer, _ count: Int) -> Int {
    unsafe read(descriptor, destination, count)
}
