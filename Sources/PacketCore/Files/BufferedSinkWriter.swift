#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Accumulates encoded bytes and hands them to a `CaptureByteSink` in large
/// chunks, reusing one buffer (no allocation per record once warm).
///
/// A plain file (`FileByteSink`) gets its chunks written behind when the
/// process may use more than one CPU (`BackgroundIO`): the sink's thread
/// writes while the next buffer fills. `flush()` waits until everything is written.
///
/// With `maximumDelayNanoseconds` set (a long-running capture), bytes never wait longer than that
/// once a record or `handOnIfDue()` sees them: each record reads the coarse monotonic clock (vDSO,
/// no system call) and the buffer is handed on when its oldest byte is due; callers that may go
/// idle call `handOnIfDue()` from their loop.
struct BufferedSinkWriter {
    let sink: any CaptureByteSink
    /// `sink` when it can write behind.
    private let fileSink: FileByteSink?
    private(set) var buffer: [UInt8]
    private(set) var count = 0
    let flushThreshold: Int
    /// Buffered bytes are handed on once the oldest has waited this long (nil: only when the
    /// buffer is half full, and on `flush`).
    var maximumDelayNanoseconds: UInt64?
    /// When the oldest byte now buffered came (coarse monotonic nanoseconds), 0 when none waits.
    private var oldestPendingNanoseconds: UInt64 = 0

    /// `capacity` defaults to 256 KiB, 1 MiB for a plain file (fewer hand-overs between the threads).
    init(sink: any CaptureByteSink, capacity: Int? = nil) {
        self.sink = sink
        self.fileSink = BackgroundIO.isWorthwhile ? sink as? FileByteSink : nil
        let size = capacity ?? (fileSink == nil ? 1 << 18 : 1 << 20)
        self.buffer = [UInt8](repeating: 0, count: size)
        self.flushThreshold = size
    }

    /// Makes room for `n` more bytes, handing the buffer off or growing it as needed.
    mutating func reserve(_ n: Int) throws(CaptureFileError) {
        if count + n > buffer.count {
            try handOff()
            if n > buffer.count { buffer.append(contentsOf: repeatElement(0, count: n - buffer.count)) }
        }
    }

    mutating func put8(_ v: UInt8) {
        buffer[count] = v
        count += 1
    }
    mutating func put16(_ v: UInt16, bigEndian: Bool) {
        let b = bigEndian ? v.bigEndian : v.littleEndian
        buffer[count] = UInt8(truncatingIfNeeded: b)
        buffer[count + 1] = UInt8(truncatingIfNeeded: b >> 8)
        count += 2
    }
    mutating func put32(_ v: UInt32, bigEndian: Bool) {
        let b = bigEndian ? v.bigEndian : v.littleEndian
        buffer[count] = UInt8(truncatingIfNeeded: b)
        buffer[count + 1] = UInt8(truncatingIfNeeded: b >> 8)
        buffer[count + 2] = UInt8(truncatingIfNeeded: b >> 16)
        buffer[count + 3] = UInt8(truncatingIfNeeded: b >> 24)
        count += 4
    }
    mutating func putZeros(_ n: Int) {
        for i in 0..<n { buffer[count + i] = 0 }
        count += n
    }
    mutating func put(_ bytes: RawSpan) {
        let n = bytes.byteCount
        unsafe buffer.withUnsafeMutableBytes { out in
            unsafe bytes.withUnsafeBytes { src in
                if n > 0 {
                    unsafe out.baseAddress!.advanced(by: count).copyMemory(from: src.baseAddress!, byteCount: n)
                }
            }
        }
        count += n
    }
    /// Appends a record: four 32-bit header words (pcap's record header), then
    /// `frame`; hands the buffer off once it is half full.
    mutating func appendRecord(
        header: (UInt32, UInt32, UInt32, UInt32),
        bigEndian: Bool,
        frame: RawSpan
    ) throws(CaptureFileError) {
        try reserve(16 + frame.byteCount)
        let words =
            bigEndian
            ? (header.0.bigEndian, header.1.bigEndian, header.2.bigEndian, header.3.bigEndian)
            : (header.0.littleEndian, header.1.littleEndian, header.2.littleEndian, header.3.littleEndian)
        let at = count
        unsafe buffer.withUnsafeMutableBytes { out in
            unsafe out.storeBytes(of: words, toByteOffset: at, as: (UInt32, UInt32, UInt32, UInt32).self)
        }
        count += 16
        put(frame)
        try maybeFlush()
    }

    mutating func put(_ bytes: [UInt8]) {
        for (i, b) in bytes.enumerated() { buffer[count + i] = b }
        count += bytes.count
    }

    /// Writes everything buffered (and waits for a write behind) before returning.
    mutating func flush() throws(CaptureFileError) {
        oldestPendingNanoseconds = 0
        try sink.write(buffer, count: count)
        count = 0
    }

    /// Passes the buffered bytes on: written behind for a plain file, written now otherwise.
    private mutating func handOff() throws(CaptureFileError) {
        guard let fileSink else { return try flush() }
        oldestPendingNanoseconds = 0
        try fileSink.handOff(&buffer, count: count)
        count = 0
    }

    mutating func maybeFlush() throws(CaptureFileError) {
        if count >= flushThreshold / 2 { return try handOff() }
        if maximumDelayNanoseconds != nil { try handOnIfDue() }
    }

    /// Hands the buffered bytes on when the oldest has waited `maximumDelayNanoseconds`
    /// (nothing without a delay set, or with nothing buffered).
    mutating func handOnIfDue() throws(CaptureFileError) {
        guard let maximumDelayNanoseconds, count > 0 else { return }
        let now = Self.coarseMonotonicNanoseconds()
        if oldestPendingNanoseconds == 0 {
            oldestPendingNanoseconds = now
        } else if now &- oldestPendingNanoseconds >= maximumDelayNanoseconds {
            try handOff()
        }
    }

    /// CLOCK_MONOTONIC_COARSE (read in the vDSO: no system call; a few milliseconds' resolution).
    private static func coarseMonotonicNanoseconds() -> UInt64 {
        var now = timespec()
        unsafe clock_gettime(CLOCK_MONOTONIC_COARSE, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec) | 1
    }
}
