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
    /// The write-behind thread and the buffer it writes (started by the first `handOff`).
    private var behind: (thread: HandoffThread, pending: PendingWrite)?
    private var behindBusy = false
    /// An existing regular file is emptied before the first byte is written (on
    /// the write-behind thread when there is one: dropping a large old file's
    /// cached pages is slow), or at `close` when nothing was written.
    private var truncationPending: Bool

    /// Creates `path` (mode 0644) or empties it. The corresponding C functions are `open` and `ftruncate`.
    public init(path: String) throws(CaptureFileError) {
        let descriptor = unsafe open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.error(path, "cannot create", at: 0) }
        var status = stat()
        guard unsafe fstat(descriptor, &status) == 0 else {
            let error = Self.error(path, "cannot inspect", at: 0)
            _ = systemClose(descriptor)
            throw error
        }
        self.descriptor = descriptor
        self.name = path
        self.truncationPending = (status.st_mode & S_IFMT) == S_IFREG && status.st_size > 0
    }

    /// Empties the file now if that is still to be done.
    private func truncateIfPending() throws(CaptureFileError) {
        guard truncationPending else { return }
        truncationPending = false
        try Self.truncate(descriptor, name: name)
    }

    fileprivate static func truncate(_ descriptor: CInt, name: String) throws(CaptureFileError) {
        while ftruncate(descriptor, 0) != 0 {
            if errno != EINTR { throw error(name, "cannot empty the existing file", at: 0) }
        }
    }

    /// Writes `bytes[0..<count]` before returning (after any write handed off earlier).
    public func write(_ bytes: borrowing [UInt8], count: Int) throws(CaptureFileError) {
        try finishHandedOff()
        guard descriptor >= 0 else {
            throw CaptureFileError(code: .io, path: name, recordNumber: 0, offset: written, message: "write after close")
        }
        precondition(count >= 0 && count <= bytes.count, "write of more bytes than the buffer holds")
        try truncateIfPending()
        guard count > 0 else { return }
        let descriptor = self.descriptor, name = self.name
        var written = self.written
        defer { self.written = written }
        let failure: CaptureFileError? = unsafe bytes.withUnsafeBytes { raw in
            do throws(CaptureFileError) {
                try unsafe Self.writeAll(descriptor, raw.baseAddress!, count, name: name, written: &written)
                return nil
            } catch { return error }
        }
        if let failure { throw failure }
    }

    /// Write-behind: takes `buffer` (its first `count` bytes are written on a
    /// background thread while the caller goes on) and gives the caller
    /// another buffer of at least the same size to fill. A write error
    /// surfaces at the next `handOff`, `write` or `close`, with its file offset.
    /// Writes keep their order.
    func handOff(_ buffer: inout [UInt8], count: Int) throws(CaptureFileError) {
        try finishHandedOff()
        guard descriptor >= 0 else {
            throw CaptureFileError(code: .io, path: name, recordNumber: 0, offset: written, message: "write after close")
        }
        if behind == nil {
            let pending = PendingWrite(descriptor: descriptor, name: name)
            guard let thread = HandoffThread.start(job: { pending.run() }) else {
                return try write(buffer, count: count)  // no thread: write in place
            }
            behind = (thread, pending)
        }
        guard let (thread, pending) = behind.map({ ($0.thread, $0.pending) }) else { return }
        precondition(count >= 0 && count <= buffer.count, "write of more bytes than the buffer holds")
        swap(&buffer, &pending.buffer)
        if buffer.count < pending.buffer.count { buffer = [UInt8](repeating: 0, count: pending.buffer.count) }
        pending.count = count
        pending.offset = written
        pending.truncateFirst = truncationPending
        truncationPending = false
        behindBusy = true
        thread.submit()
    }

    /// Waits for the handed-off write, if any, and throws its error.
    private func finishHandedOff() throws(CaptureFileError) {
        guard behindBusy, let (thread, pending) = behind.map({ ($0.thread, $0.pending) }) else { return }
        thread.waitForJob()
        behindBusy = false
        written = pending.offset
        if let failure = pending.failure {
            pending.failure = nil
            throw failure
        }
    }

    public func close() throws(CaptureFileError) {
        guard descriptor >= 0 else { return }
        defer { stopThread() }
        do throws(CaptureFileError) {
            try finishHandedOff()
            try truncateIfPending()
        } catch {
            _ = systemClose(descriptor)
            descriptor = -1
            throw error
        }
        let result = systemClose(descriptor)
        descriptor = -1
        if result != 0 { throw Self.error(name, "close failed", at: written) }
    }

    private func stopThread() {
        if behindBusy { behind?.thread.waitForJob(); behindBusy = false }
        behind?.thread.stop()
        behind = nil
    }

    deinit {
        stopThread()  // the handed-off write ends before the descriptor closes
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }

    /// A plain-file sink, or a gzip sink when `path` ends in `.gz`.
    public static func opening(path: String) throws(CaptureFileError) -> any CaptureByteSink {
        if path.hasSuffix(".gz") { return try GzipFileSink(path: path, compressed: true) }
        return try FileByteSink(path: path)
    }

    /// Writes all `count` bytes at `bytes` (retrying after EINTR and short writes), advancing `written`.
    fileprivate static func writeAll(
        _ descriptor: CInt, _ bytes: UnsafeRawPointer, _ count: Int, name: String, written: inout Int64
    ) throws(CaptureFileError) {
        var done = 0
        while done < count {
            let result = unsafe systemWrite(descriptor, bytes + done, count - done)
            if result < 0 {
                if errno == EINTR { continue }
                throw Self.error(name, "write failed", at: written)
            }
            done += result
            written += Int64(result)
        }
    }

    fileprivate static func error(_ path: String, _ what: String, at offset: Int64) -> CaptureFileError {
        let reason = unsafe String(cString: strerror(errno))
        return CaptureFileError(code: .io, path: path, recordNumber: 0, offset: offset, message: "\(what): \(reason)")
    }
}

/// The write a `FileByteSink` handed to its thread: the buffer, and afterwards
/// the file offset reached and any error. Touched by the thread only between
/// the hand-over and the sink's wait for it.
private final class PendingWrite: @unchecked Sendable {
    let descriptor: CInt
    let name: String
    var buffer: [UInt8] = []
    var count = 0
    /// Empty the file before writing (the sink's first write).
    var truncateFirst = false
    /// The file offset before the write, then after it.
    var offset: Int64 = 0
    var failure: CaptureFileError?

    init(descriptor: CInt, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    func run() {
        let descriptor = self.descriptor, name = self.name, count = self.count
        var offset = self.offset
        if truncateFirst {
            truncateFirst = false
            do throws(CaptureFileError) { try FileByteSink.truncate(descriptor, name: name) } catch {
                failure = error
                return
            }
        }
        failure = unsafe buffer.withUnsafeBytes { raw in
            do throws(CaptureFileError) {
                try unsafe FileByteSink.writeAll(descriptor, raw.baseAddress!, count, name: name, written: &offset)
                return nil
            } catch { return error }
        }
        self.offset = offset
    }
}
