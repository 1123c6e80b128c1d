/// Writes a pcapng file: a section, any number of interfaces (each with its
/// own link type, name and timestamp resolution), enhanced packet blocks; or
/// copies blocks verbatim (`writeBlock`), so that read → write → read of a
/// pcapng file is byte-identical, options and unknown blocks included.
///
/// ```swift
/// let reader = try CaptureFileReader(path: "in.pcapng")
/// let writer = try PcapngWriter(path: "out.pcapng", writesSectionHeader: false)
/// while try reader.nextBlock() != nil { try reader.withCurrentBlock { try writer.writeBlock($0) } }
/// try writer.close()
/// ```
public final class PcapngWriter {
    private var out: BufferedSinkWriter
    /// The interfaces of the current section (`write(_:interface:…)` indexes them).
    public private(set) var interfaces: [CaptureInterface] = []
    /// Packet blocks written (by `write` or copied by `writeBlock`).
    public private(set) var recordsWritten = 0
    /// The byte order of the current section.
    public private(set) var bigEndian: Bool

    /// Creates `path` (gzip when it ends in `.gz`) and writes the section header.
    /// With `writesSectionHeader: false` nothing is written until the first
    /// block: the caller copies the section header with `writeBlock`.
    public convenience init(
        path: String,
        bigEndian: Bool = false,
        application: String = "VirtualTap",
        writesSectionHeader: Bool = true
    ) throws(CaptureFileError) {
        try self.init(
            sink: FileByteSink.opening(path: path),
            bigEndian: bigEndian,
            application: application,
            writesSectionHeader: writesSectionHeader
        )
    }

    /// Writes to `sink`; see the path initialiser for `writesSectionHeader`.
    public init(
        sink: any CaptureByteSink,
        bigEndian: Bool = false,
        application: String = "VirtualTap",
        writesSectionHeader: Bool = true
    ) throws(CaptureFileError) {
        self.out = BufferedSinkWriter(sink: sink)
        self.bigEndian = bigEndian
        guard writesSectionHeader else { return }
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
        linkType: LinkType,
        snapLength: Int = 262_144,
        name: String? = nil,
        ticksPerSecond: UInt64 = 1_000_000_000
    ) throws(CaptureFileError) -> Int {
        var exponent: UInt8 = 0
        var t = ticksPerSecond
        while t > 1 && t % 10 == 0 {
            t /= 10
            exponent += 1
        }
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
        interfaces.append(
            CaptureInterface(linkType: linkType, snapLength: snapLength, name: name, ticksPerSecond: ticksPerSecond)
        )
        return interfaces.count - 1
    }

    /// Appends an enhanced packet block on `interface`.
    public func write(
        _ frame: RawSpan,
        interface: Int = 0,
        timestamp: CaptureTimestamp,
        originalLength: Int? = nil
    )
        throws(CaptureFileError)
    {
        precondition(interface >= 0 && interface < interfaces.count, "write on an interface that was not added")
        let ticksPerSecond = interfaces[interface].ticksPerSecond
        let ticks =
            UInt64(bitPattern: timestamp.seconds) &* ticksPerSecond
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
    public func write(
        _ frame: [UInt8],
        interface: Int = 0,
        timestamp: CaptureTimestamp,
        originalLength: Int? = nil
    )
        throws(CaptureFileError)
    {
        var failure: CaptureFileError?
        unsafe frame.withUnsafeBytes { raw in
            do throws(CaptureFileError) {
                try write(unsafe raw.bytes, interface: interface, timestamp: timestamp, originalLength: originalLength)
            } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Appends one complete block exactly as given: type, length, body and
    /// trailing length, in the byte order of its section (a section header
    /// block sets that order for the blocks after it). Interface description
    /// blocks become interfaces `write(_:interface:…)` can use.
    ///
    /// Throws `.badLength` unless the block is at least 12 bytes, a multiple
    /// of 4, and both of its length fields equal its size.
    public func writeBlock(_ block: RawSpan) throws(CaptureFileError) {
        let size = block.byteCount
        let place = Int64(recordsWritten + 1)
        guard size >= 12, size % 4 == 0 else {
            throw CaptureFileError(
                code: .badLength,
                path: out.sink.name,
                recordNumber: recordsWritten + 1,
                offset: 0,
                message: "a block of \(size) bytes is not a multiple of 4 of at least 12"
            )
        }
        let type = block.uint32BE(at: 0)  // the section header type reads the same in both orders
        var big = bigEndian
        if type == PcapngBlock.sectionHeaderType {
            let magic = block.uint32BE(at: 8)
            guard magic == 0x1A2B_3C4D || magic == 0x4D3C_2B1A else {
                throw CaptureFileError(
                    code: .malformed,
                    path: out.sink.name,
                    recordNumber: recordsWritten + 1,
                    offset: 8,
                    message: "section header has byte-order magic 0x\(String(magic, radix: 16))"
                )
            }
            big = magic == 0x1A2B_3C4D
        }
        let length = Int(block.uint32(at: 4, bigEndian: big))
        let trailer = Int(block.uint32(at: size - 4, bigEndian: big))
        guard length == size, trailer == size else {
            throw CaptureFileError(
                code: .badLength,
                path: out.sink.name,
                recordNumber: Int(place),
                offset: 4,
                message: "block of \(size) bytes says \(length) (trailer \(trailer))"
            )
        }
        let blockType = block.uint32(at: 0, bigEndian: big)
        if blockType == PcapngBlock.sectionHeaderType {
            bigEndian = big
            interfaces = []
        } else if blockType == PcapngBlock.interfaceDescriptionType {
            interfaces.append(try CaptureInterface(interfaceDescriptionBlock: block, bigEndian: big))
        } else if blockType == PcapngBlock.enhancedPacketType || blockType == PcapngBlock.simplePacketType
            || blockType == 2
        {
            recordsWritten += 1
        }
        try out.reserve(size)
        out.put(block)
        try out.maybeFlush()
    }

    /// Hands buffered blocks to the sink without closing it.
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
