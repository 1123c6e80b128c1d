/// Fills `CaptureFileReader`'s next buffer from its source on a background
/// thread while the reader parses the current one, so reading (the kernel's
/// copy out of the page cache, or zlib's inflate) runs on the other core.
///
/// Two buffers, each `headroom + chunkSize` bytes. The thread fills a buffer's
/// body (`headroom..<headroom + chunkSize`); the reader copies the unparsed
/// tail of the current buffer (at most one record, so at most `headroom`
/// bytes) in front of the body and continues there. Only the touched pages of
/// the large headroom are ever backed by memory.
///
/// Guarantees: one request in flight at a time; a buffer is written by the
/// thread only between `submit` and the matching `collect`, and read by the
/// reader only after `collect` (`HandoffThread` orders the two). The filler
/// owns both buffers and the source reference; the thread keeps the filler
/// alive until it ends, so a reader dropped mid-read frees nothing the
/// thread still writes to.
@safe final class ReadAheadFiller: @unchecked Sendable {
    let headroom: Int
    let chunkSize: Int
    /// The two buffers, owned by the filler (freed in `deinit`).
    let buffers: (UnsafeMutableRawBufferPointer, UnsafeMutableRawBufferPointer)

    private let source: any DirectByteSource
    private var thread: HandoffThread?
    // Written by one side before the hand-over, read by the other after it.
    private var target: UnsafeMutableRawBufferPointer
    private var filled = 0
    private var failure: CaptureFileError?

    /// Starts the thread; nil when the system refuses one (the reader then reads in place).
    static func start(source: any DirectByteSource, headroom: Int, chunkSize: Int) -> ReadAheadFiller? {
        let filler = ReadAheadFiller(source: source, headroom: headroom, chunkSize: chunkSize)
        // The job holds the filler until the thread ends, so a reader dropped mid-read frees nothing in use.
        guard let thread = HandoffThread.start(job: { filler.fill() }) else { return nil }
        filler.thread = thread
        return filler
    }

    private init(source: any DirectByteSource, headroom: Int, chunkSize: Int) {
        self.source = source
        self.headroom = headroom
        self.chunkSize = chunkSize
        let size = headroom + chunkSize
        unsafe buffers = (.allocate(byteCount: size, alignment: 64), .allocate(byteCount: size, alignment: 64))
        unsafe target = buffers.0
    }

    /// Asks the thread to fill `buffer`'s body (`buffer` is one of `buffers`).
    func submit(_ buffer: UnsafeMutableRawBufferPointer) {
        unsafe target = buffer
        thread?.submit()
    }

    /// Waits for the submitted buffer: the bytes read (0 at the end of the input), or the
    /// source's error once the bytes read before it have been collected.
    func collect() throws(CaptureFileError) -> Int {
        thread?.waitForJob()
        if filled > 0 { return filled }
        if let failure { throw failure }
        return 0
    }

    /// Lets the thread end after its current read; the filler is freed when both sides let go.
    func cancel() {
        thread?.stop()
        thread = nil
    }

    /// The job: fills the target's body, up to the end of the input or the first error.
    private func fill() {
        let body = unsafe UnsafeMutableRawBufferPointer(rebasing: target[headroom..<(headroom + chunkSize)])
        var count = 0
        if failure == nil {
            do throws(CaptureFileError) {
                while count < chunkSize {
                    let got = try unsafe source.read(into: UnsafeMutableRawBufferPointer(rebasing: body[count...]))
                    guard got > 0 else { break }
                    count += min(got, chunkSize - count)
                }
            } catch {
                failure = error  // delivered after the bytes read before it
            }
        }
        filled = count
    }

    deinit {
        unsafe buffers.0.deallocate()
        unsafe buffers.1.deallocate()
    }
}
