/// Accumulates encoded bytes and hands them to a `CaptureByteSink` in large
/// chunks, reusing one buffer (no allocation per record once warm).
struct BufferedSinkWriter {
    let sink: any CaptureByteSink
    private(set) var buffer: [UInt8]
    private(set) var count = 0
    let flushThreshold: Int

    init(sink: any CaptureByteSink, capacity: Int = 1 << 18) {
        self.sink = sink
        self.buffer = [UInt8](repeating: 0, count: capacity)
        self.flushThreshold = capacity
    }

    /// Makes room for `n` more bytes, flushing or growing as needed.
    mutating func reserve(_ n: Int) throws(CaptureFileError) {
        if count + n > buffer.count {
            try flush()
            if n > buffer.count { buffer.append(contentsOf: repeatElement(0, count: n - buffer.count)) }
        }
    }

    mutating func put8(_ v: UInt8) { buffer[count] = v; count += 1 }
    mutating func put16(_ v: UInt16, bigEndian: Bool) {
        let b = bigEndian ? v.bigEndian : v.littleEndian
        buffer[count] = UInt8(truncatingIfNeeded: b); buffer[count + 1] = UInt8(truncatingIfNeeded: b >> 8)
        count += 2
    }
    mutating func put32(_ v: UInt32, bigEndian: Bool) {
        let b = bigEndian ? v.bigEndian : v.littleEndian
        buffer[count] = UInt8(truncatingIfNeeded: b); buffer[count + 1] = UInt8(truncatingIfNeeded: b >> 8)
        buffer[count + 2] = UInt8(truncatingIfNeeded: b >> 16); buffer[count + 3] = UInt8(truncatingIfNeeded: b >> 24)
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
                if n > 0 { unsafe out.baseAddress!.advanced(by: count).copyMemory(from: src.baseAddress!, byteCount: n) }
            }
        }
        count += n
    }
    mutating func put(_ bytes: [UInt8]) {
        for (i, b) in bytes.enumerated() { buffer[count + i] = b }
        count += bytes.count
    }

    mutating func flush() throws(CaptureFileError) {
        try sink.write(buffer, count: count)
        count = 0
    }

    mutating func maybeFlush() throws(CaptureFileError) {
        if count >= flushThreshold / 2 { try flush() }
    }
}
