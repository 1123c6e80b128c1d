import CPrefetch

/// Reads pcap and pcapng files (and their gzip-compressed forms) record by
/// record, without allocating per record.
///
/// ```swift
/// let reader = try CaptureFileReader(path: "dc.pcap.gz")
/// var decoder = PacketDecoder(), packet = DecodedPacket()
/// while let record = try reader.next() {
///     try? reader.withCurrentFrame { try decoder.decode($0, linkType: record.linkType, into: &packet) }
/// }
/// ```
///
/// Guarantees:
/// - Hostile input never traps: every length field is checked against the
///   bytes present and against hard limits before anything is read.
/// - A damaged file throws a `CaptureFileError` naming the record number and
///   byte offset; every record before it was delivered intact.
/// - The bytes of a record stay valid until the next call to `next()`.
/// - Reading allocates nothing per record: plain files are read with `read(2)`
///   into one buffer (allocated once, grown only for a record larger than it),
///   gzip files through zlib into the same buffer.
/// - Past the first 256 KiB, a file is read ahead on a background thread
///   (when the process may use more than one CPU)
///   (`ReadAheadFiller`) into a ring of buffers: the kernel's copy (or
///   zlib's inflate) of up to four 2 MiB chunks runs ahead of the parser.
@safe public final class CaptureFileReader {
    /// Largest pcapng block or pcap record accepted (libpcap's limit for the
    /// largest snap length it supports, with room for block overhead).
    public static let maximumRecordLength = 16 * 1024 * 1024
    /// Captured lengths above this are taken as a lying length field in pcap
    /// files whose snap length is smaller (libpcap's MAXIMUM_SNAPLEN).
    public static let maximumSnapLength = 262_144

    /// The path (or source name) read, for messages.
    public let name: String
    /// The container format, read from the file's magic when the reader was opened.
    public var format: CaptureFileFormat { fileFormat }
    /// Interfaces seen so far (one for pcap; every IDB of every section for pcapng).
    public private(set) var interfaces: [CaptureInterface] = []
    /// The link type of the first interface (Ethernet until one is known).
    public var linkType: LinkType { interfaces.first?.linkType ?? .ethernet }
    /// Raw pcap file header fields, kept so a writer can reproduce the file exactly.
    public private(set) var pcapHeader: PcapFileHeader?
    /// Records delivered so far.
    public var recordsRead: Int { recordCount }

    private let source: any CaptureByteSource
    /// `source` when it can fill `storage` in place (all of PacketCore's sources).
    private let directSource: (any DirectByteSource)?
    /// The read buffer; `storage[start..<end]` holds bytes not consumed yet.
    /// Either `ownedStorage` or one of `filler`'s buffers.
    private var storage: UnsafeMutableRawBufferPointer
    /// The buffer of the first 256 KiB (and of sources that are not read ahead), freed in `deinit`.
    private var ownedStorage: UnsafeMutableRawBufferPointer
    /// Reads the next chunk on a background thread, once the input is known to be larger than one buffer.
    private var filler: ReadAheadFiller?
    /// Reused to read from sources outside PacketCore (`read(into:offset:count:)`).
    private var scratch: [UInt8] = []
    private static let scratchSize = 1 << 16
    private var fileFormat = CaptureFileFormat.pcapng
    private var recordCount = 0
    /// The pcap file's link type and the largest captured length accepted (pcap only).
    private var pcapLinkType = LinkType.ethernet
    private var pcapLengthLimit = 0
    private var start = 0
    private var end = 0
    private var base: Int64 = 0
    private var atEnd = false
    private var frameStart = 0
    private var frameLength = 0
    private var bigEndian = false
    private var sectionInterfaceBase = 0
    private var blockStart = 0
    private var blockLength = 0
    private var headerRead = false

    /// Opens a file; gzip input is recognised by its content (magic `1f 8b`),
    /// not its name. Plain files are read with `FileByteSource`, gzip files and
    /// pipes with `GzipFileSource`.
    public convenience init(path: String) throws(CaptureFileError) {
        try self.init(source: Self.openSource(path: path))
    }

    private static func openSource(path: String) throws(CaptureFileError) -> any CaptureByteSource {
        let file = try FileByteSource(path: path)
        if try file.startsWithGzipMagic() == false { return file }
        return GzipFileSource(adopting: try file.duplicateDescriptor(), name: path)
    }

    /// Reads the file header from `source`.
    public init(source: any CaptureByteSource) throws(CaptureFileError) {
        self.source = source
        self.directSource = source as? any DirectByteSource
        self.name = source.name
        let initial = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.initialBufferSize, alignment: 16)
        unsafe self.storage = initial
        unsafe self.ownedStorage = initial
        guard try ensure(4) else {
            throw fail(.notACaptureFile, record: 0, at: 0, "the file is empty or shorter than any capture file header")
        }
        let magic = bytes { $0.uint32BE(at: start) }
        switch magic {
        case 0xA1B2_C3D4: try readPcapHeader(nanosecond: false, bigEndian: true)
        case 0xD4C3_B2A1: try readPcapHeader(nanosecond: false, bigEndian: false)
        case 0xA1B2_3C4D: try readPcapHeader(nanosecond: true, bigEndian: true)
        case 0x4D3C_B2A1: try readPcapHeader(nanosecond: true, bigEndian: false)
        case 0x0A0D_0D0A: fileFormat = .pcapng  // the section header is read as the first block
        default:
            throw fail(
                .notACaptureFile,
                record: 0,
                at: 0,
                "unknown magic number 0x\(String(magic, radix: 16)) (expected pcap or pcapng)"
            )
        }
        headerRead = true
    }

    /// Advances to the next frame and returns its record, or nil at the end of the file.
    public func next() throws(CaptureFileError) -> CaptureRecord? {
        switch fileFormat {
        case .pcap(let nanosecond, _): try nextPcapRecord(nanosecond: nanosecond)
        case .pcapng: try nextPcapngRecord()
        }
    }

    /// Calls `body` with the bytes of the current frame (valid only inside `body`).
    @inlinable
    public func withCurrentFrame<R>(_ body: (RawSpan) throws -> R) rethrows -> R {
        try withFrameStorage { storage, range in try body(storage.extracting(range)) }
    }

    /// Calls `body` with each remaining record and its frame's bytes (valid
    /// only inside `body`), in file order, until the file ends or `body`
    /// returns false. The loop runs here, so the per-frame path has no closure
    /// context to retain and release (unlike `next()` + `withCurrentFrame`).
    /// - Throws: the file's first error; every record before it was delivered.
    public func forEachFrame(_ body: (CaptureRecord, RawSpan) -> Bool) throws(CaptureFileError) {
        switch fileFormat {
        case .pcap(let nanosecond, _):
            // The pcap record reader inlined here: the record is built where `body` reads it,
            // not returned through memory and copied (a store-forwarding stall per frame).
            while let record = try nextPcapRecord(nanosecond: nanosecond) {
                // The next record's header is known now; fetch it while `body` works on this one
                // (the kernel's copy into the buffer does not leave it in the cache).
                if start < end { unsafe vt_prefetch_for_reading(storage.baseAddress! + start) }
                let keepGoing = withFrameStorage { storage, range in body(record, storage.extracting(range)) }
                if !keepGoing { return }
            }
        case .pcapng:
            while let record = try nextPcapngRecord() {
                let keepGoing = withFrameStorage { storage, range in body(record, storage.extracting(range)) }
                if !keepGoing { return }
            }
        }
    }

    /// pcapng only: advances to the next block of any type (section headers,
    /// interface descriptions, packets, statistics, unknown blocks) and
    /// describes it; nil at the end of the file. Packet blocks also count as
    /// records (`record` is set, the frame is readable as after `next()`).
    /// Together with `withCurrentBlock` and `PcapngWriter.writeBlock` this
    /// copies a pcapng file byte for byte.
    public func nextBlock() throws(CaptureFileError) -> PcapngBlock? {
        guard case .pcapng = format else {
            throw fail(
                .malformed,
                record: recordsRead + 1,
                at: offset,
                "nextBlock() reads pcapng files, this is \(format)"
            )
        }
        return try readPcapngBlock()
    }

    /// Calls `body` with every byte of the block `nextBlock()` or `next()`
    /// last returned (pcapng: header, body and trailing length, in the
    /// section's byte order; pcap: the 16-byte record header and the frame).
    @inlinable
    public func withCurrentBlock<R>(_ body: (RawSpan) throws -> R) rethrows -> R {
        try withFrameStorage { storage, _ in try body(storage.extracting(currentBlockRange)) }
    }

    @usableFromInline
    var currentBlockRange: Range<Int> { blockStart..<(blockStart + blockLength) }

    /// A copy of the current frame's bytes.
    public func currentFrame() -> [UInt8] { copyBytes(frameStart..<(frameStart + frameLength)) }

    @usableFromInline
    func withFrameStorage<R>(_ body: (RawSpan, Range<Int>) throws -> R) rethrows -> R {
        let range = frameStart..<(frameStart + frameLength)
        let filled = unsafe UnsafeRawBufferPointer(start: storage.baseAddress, count: end)
        return try body(unsafe filled.bytes, range)
    }

    deinit {
        filler?.cancel()
        unsafe ownedStorage.deallocate()
    }

    // MARK: - Buffering

    /// 256 KiB: few system calls, and small enough to stay in the CPU's caches.
    private static let initialBufferSize = 1 << 18

    /// Calls `body` with the filled part of the buffer (`0..<end`) as a
    /// bounds-checked span: no read can reach bytes the source did not write.
    @inline(__always)
    private func bytes<R, E: Error>(_ body: (RawSpan) throws(E) -> R) throws(E) -> R {
        let filled = unsafe UnsafeRawBufferPointer(start: storage.baseAddress, count: end)
        return try body(unsafe filled.bytes)
    }

    private func copyBytes(_ range: Range<Int>) -> [UInt8] {
        bytes { span in unsafe span.extracting(range).withUnsafeBytes { unsafe Array($0) } }
    }

    private var offset: Int64 { base + Int64(start) }

    /// Makes at least `count` bytes available at `start`; false if the input ends first.
    @inline(__always)
    private func ensure(_ count: Int) throws(CaptureFileError) -> Bool {
        if end &- start >= count { return true }
        return try refill(count)
    }

    /// Moves the unread bytes to the front, grows the buffer if one record
    /// needs more than it holds, and reads until `count` bytes are there.
    private func refill(_ count: Int) throws(CaptureFileError) -> Bool {
        if atEnd { return false }
        if let filler { return try refillAhead(count, filler) }
        // A source that filled the whole first buffer is read ahead from here on.
        if headerRead, base + Int64(end) >= Int64(Self.initialBufferSize), let directSource,
            directSource.isWorthReadingAhead, BackgroundIO.isWorthwhile,
            let filler = ReadAheadFiller.start(
                source: directSource,
                headroom: Self.readAheadHeadroom,
                chunkSize: Self.readAheadChunkSize,
                depth: Self.readAheadDepth
            )
        {
            self.filler = filler
            return try refillAhead(count, filler)
        }
        if start > 0 {
            let live = end - start
            if live > 0 {
                unsafe storage.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: live)
            }
            base += Int64(start)
            start = 0
            end = live
        }
        if unsafe count > storage.count {
            let grown = unsafe UnsafeMutableRawBufferPointer.allocate(
                byteCount: max(count, storage.count * 2),
                alignment: 16
            )
            if end > 0 { unsafe grown.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: end) }
            unsafe storage.deallocate()
            unsafe storage = grown
            unsafe ownedStorage = grown
        }
        while end - start < count {
            let got: Int
            do throws(CaptureFileError) {
                got = try unsafe readSource(into: end..<storage.count)
            } catch {
                throw sourceFailure(error)
            }
            if got == 0 {
                atEnd = true
                return false
            }
            end += got
        }
        return true
    }

    /// Read-ahead: 2 MiB chunks, up to four of them (8 MiB) ahead of the parser.
    private static let readAheadChunkSize = 1 << 21
    private static let readAheadDepth = 4
    /// Room in front of a chunk for the unparsed tail of the previous one: any
    /// single record (`ensure` never asks for more than a record and its header).
    private static let readAheadHeadroom = maximumRecordLength + 64

    /// `refill` while reading ahead: takes the next chunk the thread has
    /// filled, moves the unparsed tail in front of it, and gives the buffer
    /// just left back to the thread.
    private func refillAhead(_ count: Int, _ filler: ReadAheadFiller) throws(CaptureFileError) -> Bool {
        guard count <= filler.headroom else {
            throw fail(
                .badLength,
                record: recordCount + 1,
                at: offset,
                "a record of \(count) bytes is larger than any accepted"
            )
        }
        while end - start < count {
            let chunk: (buffer: UnsafeMutableRawBufferPointer, count: Int)
            do throws(CaptureFileError) { unsafe chunk = try unsafe filler.next() } catch {
                throw sourceFailure(error)
            }
            if unsafe chunk.count == 0 {
                atEnd = true
                return false
            }
            let next = unsafe chunk.buffer
            let live = end - start
            let newStart = filler.headroom - live
            if live > 0 {
                unsafe (next.baseAddress! + newStart).copyMemory(from: storage.baseAddress! + start, byteCount: live)
            }
            let left = unsafe storage
            base += Int64(start) - Int64(newStart)
            unsafe storage = next
            start = newStart
            end = unsafe filler.headroom + chunk.count
            // The first chunk replaces `ownedStorage`, every later one a buffer of the ring.
            if unsafe left.baseAddress != ownedStorage.baseAddress { filler.recycle() }
        }
        return true
    }

    /// `error` from the byte source, placed where the file failed: the record
    /// being read and the offset of the first byte not delivered (a damaged gzip stream).
    private func sourceFailure(_ error: CaptureFileError) -> CaptureFileError {
        var located = error
        located.recordNumber = headerRead ? recordCount + 1 : 0
        located.offset = base + Int64(end)
        return located
    }

    /// Reads into `storage[range]`, in place when the source allows it.
    private func readSource(into range: Range<Int>) throws(CaptureFileError) -> Int {
        let destination = unsafe UnsafeMutableRawBufferPointer(rebasing: storage[range])
        if let directSource {
            let got = try unsafe directSource.read(into: destination)
            guard got >= 0, got <= range.count else {
                throw fail(
                    .io,
                    record: recordCount + 1,
                    at: offset,
                    "the source returned \(got) bytes for \(range.count)"
                )
            }
            return got
        }
        if scratch.isEmpty { scratch = [UInt8](repeating: 0, count: Self.scratchSize) }
        let wanted = min(range.count, scratch.count)
        let got = try source.read(into: &scratch, offset: 0, count: wanted)
        guard got >= 0, got <= wanted else {
            throw fail(.io, record: recordCount + 1, at: offset, "the source returned \(got) bytes for \(wanted)")
        }
        unsafe scratch.withUnsafeBytes {
            unsafe destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<got]))
        }
        return got
    }

    private func fail(
        _ code: CaptureFileError.Code,
        record: Int,
        at offset: Int64,
        _ message: String
    ) -> CaptureFileError {
        CaptureFileError(code: code, path: name, recordNumber: record, offset: offset, message: message)
    }

    // MARK: - pcap

    private func readPcapHeader(nanosecond: Bool, bigEndian: Bool) throws(CaptureFileError) {
        fileFormat = .pcap(nanosecond: nanosecond, bigEndian: bigEndian)
        self.bigEndian = bigEndian
        guard try ensure(24) else {
            throw fail(.truncated, record: 0, at: 0, "the file ends inside the 24-byte pcap header")
        }
        let header = bytes { b in
            PcapFileHeader(
                nanosecond: nanosecond,
                bigEndian: bigEndian,
                versionMajor: b.uint16(at: start + 4, bigEndian: bigEndian),
                versionMinor: b.uint16(at: start + 6, bigEndian: bigEndian),
                thisZone: Int32(bitPattern: b.uint32(at: start + 8, bigEndian: bigEndian)),
                sigFigs: b.uint32(at: start + 12, bigEndian: bigEndian),
                snapLength: b.uint32(at: start + 16, bigEndian: bigEndian),
                linkTypeAndFCS: b.uint32(at: start + 20, bigEndian: bigEndian)
            )
        }
        guard header.versionMajor == 2 else {
            throw fail(
                .malformed,
                record: 0,
                at: 4,
                "unsupported pcap version \(header.versionMajor).\(header.versionMinor)"
            )
        }
        pcapHeader = header
        interfaces = [
            CaptureInterface(
                linkType: LinkType(rawValue: header.linkTypeAndFCS & 0x03FF_FFFF),
                snapLength: Int(header.snapLength),
                ticksPerSecond: nanosecond ? 1_000_000_000 : 1_000_000
            )
        ]
        pcapLinkType = interfaces[0].linkType
        pcapLengthLimit = min(max(interfaces[0].snapLength, Self.maximumSnapLength), Self.maximumRecordLength)
        start += 24
    }

    @inline(__always)
    private func nextPcapRecord(nanosecond: Bool) throws(CaptureFileError) -> CaptureRecord? {
        let number = recordCount + 1
        let recordOffset = offset
        guard try ensure(16) else {
            if end == start { return nil }
            throw fail(
                .truncated,
                record: number,
                at: recordOffset,
                "the file ends inside the record header (\(end - start) of 16 bytes)"
            )
        }
        // The record header as a bounds-checked span (no closure on this per-record path).
        let filled = unsafe UnsafeRawBufferPointer(start: storage.baseAddress, count: end)
        let b = (unsafe filled.bytes).extracting(start..<(start + 16))
        let seconds = b.uint32(at: 0, bigEndian: bigEndian)
        let fraction = b.uint32(at: 4, bigEndian: bigEndian)
        let captured = Int(b.uint32(at: 8, bigEndian: bigEndian))
        let original = Int(b.uint32(at: 12, bigEndian: bigEndian))
        guard captured <= pcapLengthLimit else {
            throw fail(
                .badLength,
                record: number,
                at: recordOffset + 8,
                "captured length \(captured) is larger than any snap length (\(pcapLengthLimit))"
            )
        }
        guard try ensure(16 + captured) else {
            throw fail(
                .truncated,
                record: number,
                at: recordOffset,
                "record says \(captured) bytes but the file ends after \(end - start - 16)"
            )
        }
        let nanos = nanosecond ? fraction : fraction &* 1000
        blockStart = start
        blockLength = 16 + captured
        frameStart = start + 16
        frameLength = captured
        start += 16 + captured
        recordCount = number
        return CaptureRecord(
            number: number,
            timestamp: CaptureTimestamp(seconds: Int64(seconds), nanoseconds: nanos),
            capturedLength: captured,
            originalLength: original,
            interfaceIndex: 0,
            linkType: pcapLinkType,
            fileOffset: recordOffset
        )
    }

    // MARK: - pcapng

    private func nextPcapngRecord() throws(CaptureFileError) -> CaptureRecord? {
        while let block = try readPcapngBlock() {
            if let record = block.record { return record }
        }
        return nil
    }

    /// Reads one block. Errors carry the number of the frame being read.
    private func readPcapngBlock() throws(CaptureFileError) -> PcapngBlock? {
        do {
            let number = recordCount + 1
            let blockOffset = offset
            guard try ensure(8) else {
                if end == start { return nil }
                throw fail(
                    .truncated,
                    record: number,
                    at: blockOffset,
                    "the file ends inside a block header (\(end - start) of 8 bytes)"
                )
            }
            let type = bytes { $0.uint32(at: start, bigEndian: bigEndian) }
            if type == 0x0A0D_0D0A {
                guard try ensure(12) else {
                    throw fail(
                        .truncated,
                        record: number,
                        at: blockOffset,
                        "the file ends inside a section header block"
                    )
                }
                let magic = bytes { $0.uint32BE(at: start + 8) }
                if magic == 0x1A2B_3C4D {
                    bigEndian = true
                } else if magic == 0x4D3C_2B1A {
                    bigEndian = false
                } else {
                    throw fail(
                        .malformed,
                        record: number,
                        at: blockOffset + 8,
                        "section header has byte-order magic 0x\(String(magic, radix: 16))"
                    )
                }
            } else if blockOffset == 0 {
                throw fail(.notACaptureFile, record: 0, at: 0, "pcapng file does not start with a section header block")
            }
            let length = Int(bytes { $0.uint32(at: start + 4, bigEndian: bigEndian) })
            guard length >= 12, length % 4 == 0, length <= Self.maximumRecordLength else {
                throw fail(
                    .badLength,
                    record: number,
                    at: blockOffset + 4,
                    "block length \(length) is not a multiple of 4 between 12 and \(Self.maximumRecordLength)"
                )
            }
            guard try ensure(length) else {
                throw fail(
                    .truncated,
                    record: number,
                    at: blockOffset,
                    "block says \(length) bytes but the file ends after \(end - start)"
                )
            }
            if type == 0x0A0D_0D0A {
                guard length >= 28 else {
                    throw fail(
                        .badLength,
                        record: number,
                        at: blockOffset + 4,
                        "section header block of \(length) bytes"
                    )
                }
            }
            let trailer = Int(bytes { $0.uint32(at: start + length - 4, bigEndian: bigEndian) })
            guard trailer == length else {
                throw fail(
                    .badLength,
                    record: number,
                    at: blockOffset + Int64(length) - 4,
                    "block length \(length) does not match its trailing copy \(trailer)"
                )
            }
            let blockStart = start
            self.blockStart = blockStart
            self.blockLength = length
            start += length
            let block = PcapngBlock(type: type, offset: blockOffset, length: length, bigEndian: bigEndian, record: nil)
            switch type {
            case 0x0A0D_0D0A:
                let major = bytes { $0.uint16(at: blockStart + 12, bigEndian: bigEndian) }
                guard major == 1 else {
                    throw fail(
                        .malformed,
                        record: number,
                        at: blockOffset,
                        "unsupported pcapng section version \(major)"
                    )
                }
                sectionInterfaceBase = interfaces.count
                return block
            case 1:
                guard length >= 20 else {
                    throw fail(
                        .badLength,
                        record: number,
                        at: blockOffset,
                        "interface description block of \(length) bytes"
                    )
                }
                let interface = try parseInterface(
                    at: blockStart,
                    length: length,
                    record: number,
                    blockOffset: blockOffset
                )
                interfaces.append(interface)
                return block
            case 6, 2:
                guard length >= 32 else {
                    throw fail(
                        .badLength,
                        record: number,
                        at: blockOffset,
                        "packet block of \(length) bytes is too short"
                    )
                }
                let (rawInterface, high, low, captured, original) = bytes { b in
                    (
                        type == 6
                            ? Int(b.uint32(at: blockStart + 8, bigEndian: bigEndian))
                            : Int(b.uint16(at: blockStart + 8, bigEndian: bigEndian)),
                        b.uint32(at: blockStart + 12, bigEndian: bigEndian),
                        b.uint32(at: blockStart + 16, bigEndian: bigEndian),
                        Int(b.uint32(at: blockStart + 20, bigEndian: bigEndian)),
                        Int(b.uint32(at: blockStart + 24, bigEndian: bigEndian))
                    )
                }
                guard captured <= length - 32 else {
                    throw fail(
                        .badLength,
                        record: number,
                        at: blockOffset + 20,
                        "captured length \(captured) does not fit in a block of \(length) bytes"
                    )
                }
                let index = sectionInterfaceBase + rawInterface
                guard rawInterface < interfaces.count - sectionInterfaceBase else {
                    throw fail(
                        .malformed,
                        record: number,
                        at: blockOffset + 8,
                        "packet refers to interface \(rawInterface), which the section has not described"
                    )
                }
                let interface = interfaces[index]
                frameStart = blockStart + 28
                frameLength = captured
                recordCount = number
                let record = CaptureRecord(
                    number: number,
                    timestamp: interface.timestamp(ticks: UInt64(high) << 32 | UInt64(low)),
                    capturedLength: captured,
                    originalLength: original,
                    interfaceIndex: index,
                    linkType: interface.linkType,
                    fileOffset: blockOffset
                )
                return PcapngBlock(
                    type: type,
                    offset: blockOffset,
                    length: length,
                    bigEndian: bigEndian,
                    record: record
                )
            case 3:
                guard length >= 16 else {
                    throw fail(.badLength, record: number, at: blockOffset, "simple packet block of \(length) bytes")
                }
                guard interfaces.count > sectionInterfaceBase else {
                    throw fail(.malformed, record: number, at: blockOffset, "simple packet block before any interface")
                }
                let interface = interfaces[sectionInterfaceBase]
                let original = Int(bytes { $0.uint32(at: blockStart + 8, bigEndian: bigEndian) })
                var captured = min(original, length - 16)
                if interface.snapLength > 0 { captured = min(captured, interface.snapLength) }
                frameStart = blockStart + 12
                frameLength = captured
                recordCount = number
                let record = CaptureRecord(
                    number: number,
                    timestamp: CaptureTimestamp(seconds: 0, nanoseconds: 0),
                    capturedLength: captured,
                    originalLength: original,
                    interfaceIndex: sectionInterfaceBase,
                    linkType: interface.linkType,
                    fileOffset: blockOffset
                )
                return PcapngBlock(
                    type: type,
                    offset: blockOffset,
                    length: length,
                    bigEndian: bigEndian,
                    record: record
                )
            default:
                return block  // statistics, name resolution, custom and unknown blocks: not records
            }
        }
    }

    private func parseInterface(
        at blockStart: Int,
        length: Int,
        record: Int,
        blockOffset: Int64
    )
        throws(CaptureFileError) -> CaptureInterface
    {
        let big = bigEndian
        let parsed = bytes { b in
            Result { () throws(CaptureFileError) in
                try CaptureInterface(
                    interfaceDescriptionBlock: b.extracting(blockStart..<(blockStart + length)),
                    bigEndian: big
                )
            }
        }
        switch parsed {
        case .success(let interface): return interface
        case .failure(var error):
            error.path = name
            error.recordNumber = record
            error.offset += blockOffset
            throw error
        }
    }
}
