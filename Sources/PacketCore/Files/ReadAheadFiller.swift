/// Fills `CaptureFileReader`'s next buffers from its source on a background
/// thread while the reader parses the current one, so reading (the kernel's
/// copy out of the page cache, or zlib's inflate) runs on the other core.
///
/// A ring of `depth` buffers, each `headroom + chunkSize` bytes. The thread
/// fills the buffers' bodies (`headroom..<headroom + chunkSize`) in ring
/// order, as far ahead as the ring allows; several chunks ahead, a moment in
/// which either side is not scheduled does not stall the other. The reader
/// takes them in the same order (`next()`), copies the unparsed tail of the
/// previous chunk (at most one record, so at most `headroom` bytes) in front
/// of the body and continues there, then gives the previous buffer back
/// (`recycle()`). Only the touched pages of the large headroom are ever
/// backed by memory.
///
/// Guarantees: a buffer is written by the thread only between its
/// submission and the matching `next()`, and read by the reader only after
/// it (`HandoffThread` orders the two). The filler owns the buffers and the
/// source reference; the thread keeps the filler alive until it ends, so a
/// reader dropped mid-read frees nothing the thread still writes to.
@safe final class ReadAheadFiller: @unchecked Sendable {
    let headroom: Int
    let chunkSize: Int
    /// The ring. The array is never changed after `init` (so both threads may
    /// read it); a chunk's fields belong to the thread from its submission to
    /// the matching `next()`, and to the reader after that.
    private let chunks: [Chunk]

    private let source: any DirectByteSource
    private var thread: HandoffThread?
    /// The source's first error; the thread reads nothing after it (touched only by the thread).
    private var sourceError: CaptureFileError?
    /// The thread's position in the ring (touched only by the thread).
    private var fillIndex = 0
    /// The reader's position: the chunk `next()` returns next (touched only by the reader).
    private var takeIndex = 0

    /// One buffer of the ring and the outcome of its last fill.
    @safe private final class Chunk: @unchecked Sendable {
        let buffer: UnsafeMutableRawBufferPointer
        var filled = 0
        var failure: CaptureFileError?

        init(byteCount: Int) { unsafe buffer = .allocate(byteCount: byteCount, alignment: 64) }
        deinit { unsafe buffer.deallocate() }
    }

    /// Starts the thread and the first `depth` fills; nil when the system refuses a thread
    /// (the reader then reads in place).
    static func start(source: any DirectByteSource, headroom: Int, chunkSize: Int, depth: Int) -> ReadAheadFiller? {
        precondition(depth >= 2, "a ring of at least two buffers")
        let filler = ReadAheadFiller(source: source, headroom: headroom, chunkSize: chunkSize, depth: depth)
        // The job holds the filler until the thread ends, so a reader dropped mid-read frees nothing in use.
        guard let thread = HandoffThread.start(job: { filler.fill() }) else { return nil }
        filler.thread = thread
        for _ in 0..<depth { thread.submit() }
        return filler
    }

    private init(source: any DirectByteSource, headroom: Int, chunkSize: Int, depth: Int) {
        self.source = source
        self.headroom = headroom
        self.chunkSize = chunkSize
        chunks = (0..<depth).map { _ in Chunk(byteCount: headroom + chunkSize) }
    }

    /// Waits for the next chunk in file order: its buffer (the body starts at
    /// `headroom`) and the bytes read, 0 at the end of the input. Throws the
    /// source's error once the bytes read before it have been taken.
    func next() throws(CaptureFileError) -> (buffer: UnsafeMutableRawBufferPointer, count: Int) {
        thread?.waitForJob()
        let chunk = chunks[takeIndex]
        takeIndex = (takeIndex + 1) % chunks.count
        if chunk.filled == 0, let failure = chunk.failure { throw failure }
        return (unsafe chunk.buffer, chunk.filled)
    }

    /// Gives back the buffer taken before the last one (the reader has moved
    /// its unparsed bytes out of it): the thread refills it. Buffers come back
    /// in the order they were taken, which is the order the thread fills them.
    func recycle() {
        thread?.submit()
    }

    /// Lets the thread end after its current read; the filler is freed when both sides let go.
    func cancel() {
        thread?.stop()
        thread = nil
    }

    /// The job: fills the next chunk of the ring, up to the end of the input or
    /// the first error. A chunk carries either bytes or the error: bytes read
    /// before an error come in their chunk, the error with the next one (and
    /// every one after it).
    private func fill() {
        let chunk = chunks[fillIndex]
        fillIndex = (fillIndex + 1) % chunks.count
        let body = unsafe UnsafeMutableRawBufferPointer(rebasing: chunk.buffer[headroom..<(headroom + chunkSize)])
        var count = 0
        if sourceError == nil {
            do throws(CaptureFileError) {
                while count < chunkSize {
                    let got = try unsafe source.read(into: UnsafeMutableRawBufferPointer(rebasing: body[count...]))
                    guard got > 0 else { break }
                    count += min(got, chunkSize - count)
                }
            } catch {
                sourceError = error
            }
        }
        chunk.filled = count
        chunk.failure = count == 0 ? sourceError : nil
    }
}
