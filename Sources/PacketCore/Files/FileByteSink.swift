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

/// The sink for uncompressed capture files: one `write(2)` per buffer, no intermediate copy (see the description above
/// `systemWrite`).
@safe public final class FileByteSink: CaptureByteSink {
    /// The path written to.
    public let name: String
    private var descriptor: CInt
    private var written: Int64 = 0
    /// The write-behind thread and its ring of buffers (started by the first `handOff`).
    private var behind: WriteBehind?
    private struct WriteBehind {
        let thread: HandoffThread
        let ring: PendingWriteRing
    }
    /// Writes handed off and not yet waited for; the oldest is `ring.slots[oldest]`.
    private var inFlight = 0
    private var oldest = 0
    /// Up to four 1 MiB buffers queued: a moment in which the thread is not
    /// scheduled does not stall the caller.
    private static let writeBehindDepth = 4
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

    private func requireOpen() throws(CaptureFileError) {
        guard descriptor < 0 else { return }
        throw CaptureFileError(code: .io, path: name, recordNumber: 0, offset: written, message: "write after close")
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
        try requireOpen()
        precondition(count >= 0 && count <= bytes.count, "write of more bytes than the buffer holds")
        try truncateIfPending()
        guard count > 0 else { return }
        let descriptor = self.descriptor
        let name = self.name
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
    /// another buffer of at least the same size to fill. Waits only when
    /// `writeBehindDepth` writes are already queued. A write error surfaces at
    /// a later `handOff`, `write` or `close`, with its file offset. Writes keep
    /// their order.
    func handOff(_ buffer: inout [UInt8], count: Int) throws(CaptureFileError) {
        if inFlight == Self.writeBehindDepth { try finishOldest() }
        try requireOpen()
        if behind == nil {
            let ring = PendingWriteRing(descriptor: descriptor, name: name, depth: Self.writeBehindDepth)
            guard let thread = HandoffThread.start(job: { ring.writeNext() }) else {
                return try write(buffer, count: count)  // no thread: write in place
            }
            behind = WriteBehind(thread: thread, ring: ring)
        }
        guard let behind else { return }
        precondition(count >= 0 && count <= buffer.count, "write of more bytes than the buffer holds")
        let slot = behind.ring.slots[(oldest + inFlight) % behind.ring.slots.count]
        swap(&buffer, &slot.buffer)
        if buffer.count < slot.buffer.count { buffer = [UInt8](repeating: 0, count: slot.buffer.count) }
        slot.count = count
        slot.offset = written
        slot.truncateFirst = truncationPending
        truncationPending = false
        written += Int64(count)
        inFlight += 1
        behind.thread.submit()
    }

    /// Waits for the oldest handed-off write and throws its error.
    private func finishOldest() throws(CaptureFileError) {
        guard inFlight > 0, let behind else { return }
        behind.thread.waitForJob()
        let slot = behind.ring.slots[oldest]
        oldest = (oldest + 1) % behind.ring.slots.count
        inFlight -= 1
        if let failure = slot.failure {
            slot.failure = nil
            throw failure
        }
    }

    /// Waits for every handed-off write; throws the first error among them.
    private func finishHandedOff() throws(CaptureFileError) {
        var first: CaptureFileError?
        while inFlight > 0 {
            do throws(CaptureFileError) { try finishOldest() } catch { if first == nil { first = error } }
        }
        if let first { throw first }
    }

    /// Waits for every write handed to the background thread, then closes the file; a second call does nothing.
    ///
    /// - Throws: `CaptureFileError` (`.io`) with the first write error, or when `close(2)` fails.
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
        while inFlight > 0 {
            behind?.thread.waitForJob()
            inFlight -= 1
        }
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
        _ descriptor: CInt,
        _ bytes: UnsafeRawPointer,
        _ count: Int,
        name: String,
        written: inout Int64
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

/// The ring of buffers a `FileByteSink` hands to its thread. The thread
/// writes them in ring order (`writeNext`), the order the sink queues them.
private final class PendingWriteRing: @unchecked Sendable {
    let slots: [PendingWrite]
    /// The thread's position (touched only by the thread).
    private var next = 0

    init(descriptor: CInt, name: String, depth: Int) {
        slots = (0..<depth).map { _ in PendingWrite(descriptor: descriptor, name: name) }
    }

    func writeNext() {
        slots[next].run()
        next = (next + 1) % slots.count
    }
}

/// One write a `FileByteSink` handed to its thread: the buffer, where it goes,
/// and afterwards any error. Touched by the thread only between
/// the hand-over and the sink's wait for it.
private final class PendingWrite: @unchecked Sendable {
    let descriptor: CInt
    let name: String
    var buffer: [UInt8] = []
    var count = 0
    /// Empty the file before writing (the sink's first write).
    var truncateFirst = false
    /// The file offset the write starts at (for the error's place).
    var offset: Int64 = 0
    var failure: CaptureFileError?

    init(descriptor: CInt, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    func run() {
        let descriptor = self.descriptor
        let name = self.name
        let count = self.count
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
    }
}
