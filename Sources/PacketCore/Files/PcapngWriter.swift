/// Writes a pcapng file: one section, any number of interfaces (each with its
/// own link type, name and timestamp resolution), enhanced packet blocks.
public final class PcapngWriter {
    private var out: BufferedSinkWriter
    public private(set) var interfaces: [CaptureInterface] = []
    public private(set) var recordsWritten = 0
    private let bigEndian: Bool

    /// Creates `path` (gzip when it ends in `.gz`) and writes the section header.
    public convenience init(path: String, bigEndian: Bool = false, application: String = "VirtualTap") throws(CaptureFileError) {
        try self.init(sink: GzipFileSink(path: path), bigEndian: bigEndian, application: application)
    }

    public init(sink: any CaptureByteSink, bigEndian: Bool = false, application: String = "VirtualTap") throws(CaptureFileError) {
        self.out = BufferedSinkWriter(sink: sink)
        self.bigEndian = bigEndian
        let appOption = Self.option(code: 4, value: Array(application.utf8))  // shb_userappl
        let length = 28 + appOption.count + 4
        try out.reserve(length)
        out.put32(0x0A0D_0D0A, bigEndian: bigEndian)
        out.put32(UInt32(length), bigEndian: bigEndian)
        out.put32(0x1A2B_3C4D, bigEndian: bigEndian)
        out.put16(1, bigEndian: bigEndian)
        out.put16(0, bigEndian: bigEndian)
        out.put32(0xFFFF_FFFF, bigEndian: bigEndian)  // section length unknown
        out.put32(0xFFFF_FFFF, bigEndian: bigEndian)
        putOptions(appOption)
        out.put32(UInt32(length), bigEndian: bigEndian)
    }

    /// Describes an interface and returns its index for `write(_:interface:…)`.
    /// `ticksPerSecond` must be a power of ten (10^0 ... 10^9).
    @discardableResult
    public func addInterface(
        linkType: LinkType, snapLength: Int = 262_144, name: String? = nil, ticksPerSecond: UInt64 = 1_000_000_000
    ) throws(CaptureFileError) -> Int {
        var exponent: UInt8 = 0
        var t = ticksPerSecond
        while t > 1 && t % 10 == 0 { t /= 10; exponent += 1 }
        precondition(t == 1 && exponent <= 9, "timestamp resolution must be a power of ten up to nanoseconds")
        var options: [UInt8] = []
        if let name { options += Self.option(code: 2, value: Array(name.utf8)) }
        options += Self.option(code: 9, value: [exponent])
        let length = 20 + options.count + 4
        try out.reserve(length)
        out.put32(1, bigEndian: bigEndian)
        out.put32(UInt32(length), bigEndian: bigEndian)
        out.put16(UInt16(truncatingIfNeeded: linkType.rawValue), bigEndian: bigEndian)
        out.put16(0, bigEndian: bigEndian)
        out.put32(UInt32(truncatingIfNeeded: snapLength), bigEndian: bigEndian)
        putOptions(options)
        out.put32(UInt32(length), bigEndian: bigEndian)
        interfaces.append(CaptureInterface(linkType: linkType, snapLength: snapLength, name: name, ticksPerSecond: ticksPerSecond))
        return interfaces.count - 1
    }

    /// Appends an enhanced packet block on `interface`.
    public func write(_ frame: RawSpan, interface: Int = 0, timestamp: CaptureTimestamp, originalLength: Int? = nil)
        throws(CaptureFileError)
    {
        precondition(interface >= 0 && interface < interfaces.count, "write on an interface that was not added")
        let ticksPerSecond = interfaces[interface].ticksPerSecond
        let ticks = UInt64(bitPattern: timestamp.seconds) &* ticksPerSecond
            &+ UInt64(timestamp.nanoseconds) / (1_000_000_000 / ticksPerSecond)
        let captured = frame.byteCount
        let padded = (captured + 3) & ~3
        let length = 32 + padded
        try out.reserve(length)
        out.put32(6, bigEndian: bigEndian)
        out.put32(UInt32(length), bigEndian: bigEndian)
        out.put32(UInt32(interface), bigEndian: bigEndian)
        out.put32(UInt32(truncatingIfNeeded: ticks >> 32), bigEndian: bigEndian)
        out.put32(UInt32(truncatingIfNeeded: ticks), bigEndian: bigEndian)
        out.put32(UInt32(truncatingIfNeeded: captured), bigEndian: bigEndian)
        out.put32(UInt32(truncatingIfNeeded: originalLength ?? captured), bigEndian: bigEndian)
        out.put(frame)
        out.putZeros(padded - captured)
        out.put32(UInt32(length), bigEndian: bigEndian)
        try out.maybeFlush()
        recordsWritten += 1
    }

    /// Appends an enhanced packet block from an array.
    public func write(_ frame: [UInt8], interface: Int = 0, timestamp: CaptureTimestamp, originalLength: Int? = nil)
        throws(CaptureFileError)
    {
        var failure: CaptureFileError?
        unsafe frame.withUnsafeBytes { raw in
            do throws(CaptureFileError) { try write(unsafe raw.bytes, interface: interface, timestamp: timestamp, originalLength: originalLength) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    public func flush() throws(CaptureFileError) { try out.flush() }

    public func close() throws(CaptureFileError) {
        try out.flush()
        try out.sink.close()
    }

    private static func option(code: UInt16, value: [UInt8]) -> [UInt8] {
        // Encoded later in the writer's byte order; here: code, length, value, padding (little-endian placeholder).
        var bytes: [UInt8] = [UInt8(code & 0xFF), UInt8(code >> 8), UInt8(value.count & 0xFF), UInt8(value.count >> 8)]
        bytes += value
        bytes += [UInt8](repeating: 0, count: (4 - value.count % 4) % 4)
        return bytes
    }

    /// Writes options built by `option(code:value:)` plus opt_endofopt, in the section's byte order.
    private func putOptions(_ options: [UInt8]) {
        var i = 0
        while i < options.count {
            let code = UInt16(options[i]) | UInt16(options[i + 1]) << 8
            let length = Int(options[i + 2]) | Int(options[i + 3]) << 8
            out.put16(code, bigEndian: bigEndian)
            out.put16(UInt16(length), bigEndian: bigEndian)
            let padded = (length + 3) & ~3
            out.put(Array(options[(i + 4)..<(i + 4 + padded)]))
            i += 4 + padded
        }
        out.put32(0, bigEndian: bigEndian)  // opt_endofopt
    }
}
