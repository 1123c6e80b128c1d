/// Writes a classic pcap file (micro- or nanosecond, either byte order),
/// gzip-compressed when the sink compresses.
///
/// Writing what a `CaptureFileReader` read, with the reader's `pcapHeader`,
/// reproduces the original file byte for byte.
public final class PcapWriter {
    /// The file header written (or to be reproduced).
    public let header: PcapFileHeader
    private var out: BufferedSinkWriter
    /// Records written so far.
    public private(set) var recordsWritten = 0

    /// Creates `path` (gzip when it ends in `.gz`) and writes the file header.
    public convenience init(path: String, header: PcapFileHeader) throws(CaptureFileError) {
        try self.init(sink: FileByteSink.opening(path: path), header: header)
    }

    /// Writes the file header to `sink` (a file, `MemoryByteSink`, ...).
    public init(sink: any CaptureByteSink, header: PcapFileHeader) throws(CaptureFileError) {
        self.header = header
        self.out = BufferedSinkWriter(sink: sink)
        let big = header.bigEndian
        try out.reserve(24)
        out.put32(header.nanosecond ? 0xA1B2_3C4D : 0xA1B2_C3D4, bigEndian: big)
        out.put16(header.versionMajor, bigEndian: big)
        out.put16(header.versionMinor, bigEndian: big)
        out.put32(UInt32(bitPattern: header.thisZone), bigEndian: big)
        out.put32(header.sigFigs, bigEndian: big)
        out.put32(header.snapLength, bigEndian: big)
        out.put32(header.linkTypeAndFCS, bigEndian: big)
    }

    /// Appends one record. `originalLength` defaults to the frame's length.
    public func write(
        _ frame: RawSpan,
        timestamp: CaptureTimestamp,
        originalLength: Int? = nil
    ) throws(CaptureFileError) {
        let fraction = header.nanosecond ? timestamp.nanoseconds : timestamp.nanoseconds / 1000
        // One call into `out` per record: one exclusivity check instead of one per field.
        try out.appendRecord(
            header: (
                UInt32(truncatingIfNeeded: timestamp.seconds), fraction, UInt32(truncatingIfNeeded: frame.byteCount),
                UInt32(truncatingIfNeeded: originalLength ?? frame.byteCount)
            ),
            bigEndian: header.bigEndian,
            frame: frame
        )
        recordsWritten += 1
    }

    /// Appends one record from an array.
    public func write(
        _ frame: [UInt8],
        timestamp: CaptureTimestamp,
        originalLength: Int? = nil
    ) throws(CaptureFileError) {
        var failure: CaptureFileError?
        unsafe frame.withUnsafeBytes { raw in
            do throws(CaptureFileError) {
                try write(unsafe raw.bytes, timestamp: timestamp, originalLength: originalLength)
            } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Flushes buffered records to the sink without closing it.
    public func flush() throws(CaptureFileError) { try out.flush() }

    /// The longest a written record waits in memory before it goes to the file (nil, the default:
    /// until the buffer fills or `flush`/`close`). Long-running captures set it (for example to
    /// 0.5 s) and call `flushIfDue()` from their loop, so that a reader following the file, or
    /// what is left after the process is killed, has every record older than that.
    public var maximumDelayNanoseconds: UInt64? {
        get { out.maximumDelayNanoseconds }
        set { out.maximumDelayNanoseconds = newValue }
    }

    /// Writes the buffered records when the oldest has waited `maximumDelayNanoseconds`; cheap
    /// enough to call on every turn of a capture loop (no system call unless something is due).
    public func flushIfDue() throws(CaptureFileError) { try out.handOnIfDue() }

    /// Flushes and closes the file.
    public func close() throws(CaptureFileError) {
        try out.flush()
        try out.sink.close()
    }
}
