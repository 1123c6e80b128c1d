import GRE
import Glibc
import NetworkTypes
import PacketCore

/// The receiving side of the tap: decapsulates tunnel packets (from a capture
/// file or from `TunnelReceiver`), reassembles outer fragments, tracks loss
/// per source from sequence numbers, optionally removes duplicates, and
/// writes the inner frames with their original timestamps and lengths.
///
/// With a pcapng output every source tunnel gets its own interface, named
/// after it (`TunnelSource.description`). Malformed packets are counted and
/// skipped, never fatal.
public final class DecapSession {
    /// What the session does besides decapsulating.
    public struct Options: Sendable {
        /// Remove copies of a frame seen again within `dedupWindowNanoseconds`.
        public var dedup = false
        /// How long a frame's copy counts as a duplicate, in nanoseconds of capture time; 50 ms by default.
        public var dedupWindowNanoseconds: Int64 = 50_000_000
        /// The tunnel decoder, with the UDP ports recognised as VXLAN, GRE-in-UDP and Geneve.
        public var decoder = TunnelDecoder()
        /// The longest a frame waits in memory before it is written to the file (nil: until the
        /// buffer fills or `finish`). A receiver sets it and calls `flushIfDue()` from its loop.
        public var maximumDelayNanoseconds: UInt64?
        /// Where the last sequence number per source is kept across restarts (nil: not kept).
        /// Saved by `flushIfDue()` (at most once a second) and by `finish()`.
        public var sequenceState: SequenceStateFile?
        /// Start a new numbered file (`out-1.pcapng`, `out-2.pcapng`, ...) once the current one
        /// holds this many bytes (checked before each frame, as tcpdump's -C does); nil: never.
        public var rotateAfterBytes: Int?
        /// Start a new numbered file once the current one is this many seconds old (checked before
        /// each frame, as tcpdump's -G does: a quiet tunnel leaves no empty files); nil: never.
        public var rotateAfterSeconds: Int?
        /// No deduplication, no rotation, no sequence state file, default ports.
        public init() {}
    }

    private enum Output {
        case pcap(PcapWriter, LinkType?)
        case pcapng(PcapngWriter)
    }

    /// The options the session was opened with.
    public let options: Options
    private var output: Output
    /// Everything kept per source tunnel, found through `sourceIndex` (a read-only
    /// lookup per frame; the arrays are updated in place).
    private struct SourceState {
        var source: TunnelSource
        var interface = -1
        var statistics: DecapReport.Source
        var tracker: SequenceTracker?
    }

    private var sourceIndex: [TunnelSource: Int] = [:]
    private var sources: [SourceState] = []
    private var reassembler = FragmentReassembler()
    private var deduplicator: FrameDeduplicator
    private var report = DecapReport()
    private var decoded = DecapsulatedPacket()
    private var pendingPath: String
    /// The path given; rotated files are numbered after it.
    private let basePath: String
    /// Bytes written to the current file (records and their headers; the file header aside).
    private var bytesInFile = 0
    private var fileStartedNanoseconds: UInt64 = 0
    /// The numbers saved by an earlier run, by source name: a source's first number is compared
    /// with its entry (and the entry is replaced by the source's tracker from then on).
    private var resumed: [String: UInt32] = [:]
    private var sequenceStateChanged = false
    private var sequenceStateSavedNanoseconds: UInt64 = 0

    /// Creates the output file: pcapng when `path` ends in .pcapng (or .pcapng.gz), pcap otherwise.
    public init(writingTo path: String, options: Options = Options()) throws(CaptureFileError) {
        self.options = options
        self.pendingPath = path
        self.basePath = path
        self.deduplicator = FrameDeduplicator(windowNanoseconds: options.dedupWindowNanoseconds)
        output = try Self.makeOutput(path)
        report.files = [path]
        fileStartedNanoseconds = Self.coarseNanoseconds()
        setMaximumDelay()
        if let state = options.sequenceState { resumed = state.load() }
    }

    private static func makeOutput(_ path: String) throws(CaptureFileError) -> Output {
        if path.hasSuffix(".pcapng") || path.hasSuffix(".pcapng.gz") { return .pcapng(try PcapngWriter(path: path)) }
        return .pcap(try PcapWriter(path: path, header: PcapFileHeader(linkType: .ethernet, nanosecond: true)), nil)
    }

    /// `path` with `-number` before its extension (`.pcap`, `.pcapng`, with `.gz`): out.pcapng → out-2.pcapng.
    static func numberedPath(_ path: String, _ number: Int) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let name = path[slash...]
        for suffix in [".pcapng.gz", ".pcap.gz", ".pcapng", ".pcap", ".gz"]
        where name.hasSuffix(suffix) && name.count > suffix.count {
            return String(path.dropLast(suffix.count)) + "-\(number)" + suffix
        }
        return path + "-\(number)"
    }

    /// Closes the current file and starts the next numbered one (pcapng interfaces are described
    /// again in it; a .pcap takes its link type from its first frame again).
    private func rotate() throws(CaptureFileError) {
        switch output {
        case .pcap(let writer, _): try writer.close()
        case .pcapng(let writer): try writer.close()
        }
        pendingPath = Self.numberedPath(basePath, report.files.count)
        output = try Self.makeOutput(pendingPath)
        report.files.append(pendingPath)
        setMaximumDelay()
        var index = 0
        while index < sources.count {
            sources[index].interface = -1
            index += 1
        }
        bytesInFile = 0
        fileStartedNanoseconds = Self.coarseNanoseconds()
    }

    private static func coarseNanoseconds() -> UInt64 {
        var now = timespec()
        unsafe clock_gettime(CLOCK_MONOTONIC_COARSE, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    private func setMaximumDelay() {
        switch output {
        case .pcap(let writer, _): writer.maximumDelayNanoseconds = options.maximumDelayNanoseconds
        case .pcapng(let writer): writer.maximumDelayNanoseconds = options.maximumDelayNanoseconds
        }
    }

    /// Writes the frames that have waited `Options.maximumDelayNanoseconds`, and saves the sequence
    /// state when it changed and was last saved a second ago or more. Cheap enough for every
    /// turn of a receive loop (no system call unless something is due).
    public func flushIfDue() throws(CaptureFileError) {
        switch output {
        case .pcap(let writer, _): try writer.flushIfDue()
        case .pcapng(let writer): try writer.flushIfDue()
        }
        guard sequenceStateChanged, options.sequenceState != nil else { return }
        let nanoseconds = Self.coarseNanoseconds()
        guard nanoseconds &- sequenceStateSavedNanoseconds >= 1_000_000_000 else { return }
        sequenceStateSavedNanoseconds = nanoseconds
        saveSequenceState()
    }

    /// Saves the last number per source (and the entries of sources not seen in this run).
    private func saveSequenceState() {
        guard let file = options.sequenceState else { return }
        sequenceStateChanged = false
        var state = resumed
        for entry in sources {
            if let tracker = entry.tracker { state[entry.source.description] = tracker.highest }
        }
        file.save(state)
    }

    /// Frames written so far.
    public var written: Int { report.written }

    /// Handles a captured packet starting with a `linkType` header (a record of
    /// an encapsulated capture, or a raw IPv4 socket's packet with `.ipv4`).
    public func handle(
        _ bytes: RawSpan,
        linkType: LinkType,
        timestamp: CaptureTimestamp,
        originalLength: Int? = nil,
        where place: @autoclosure () -> String = ""
    ) throws(CaptureFileError) {
        let status: TunnelDecodeStatus
        do throws(WireError) {
            status = try options.decoder.decode(bytes, linkType: linkType, wireLength: originalLength, into: &decoded)
        } catch {
            countMalformed(error, place())
            return
        }
        switch status {
        case .notTunnel:
            report.notTunnel += 1
        case .truncated:
            report.truncated += 1
        case .decapsulated:
            let snapCut = max((originalLength ?? bytes.byteCount) - bytes.byteCount, 0)
            try deliver(bytes, timestamp: timestamp, snapCut: snapCut)
        case .fragment:
            let complete: Bool
            do throws(WireError) {
                complete = try reassembler.add(
                    bytes,
                    fragment: decoded,
                    timestampNanoseconds: timestamp.totalNanoseconds
                )
            } catch {
                countMalformed(error, place())
                return
            }
            report.fragmentsExpired = reassembler.expired
            guard complete else { return }
            report.reassembled += 1
            var failure: CaptureFileError?
            reassembler.withReassembled { whole in
                do throws(WireError) {
                    let status = try options.decoder.decode(whole, linkType: .raw, into: &decoded)
                    guard status == .decapsulated else {
                        report.notTunnel += 1
                        return
                    }
                } catch {
                    countMalformed(error, place())
                    return
                }
                do throws(CaptureFileError) { try deliver(whole, timestamp: timestamp, snapCut: 0) } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
        }
    }

    /// Handles a UDP payload received on `port` (VXLAN, GRE-in-UDP).
    public func handleUDPPayload(
        _ bytes: RawSpan,
        source: IPAddress,
        sourcePort: UInt16,
        port: UInt16,
        timestamp: CaptureTimestamp
    ) throws(CaptureFileError) {
        decoded = DecapsulatedPacket()
        do throws(WireError) {
            guard
                try options.decoder.decodeUDPPayload(bytes, at: 0, destinationPort: port, into: &decoded)
                    == .decapsulated
            else {
                report.notTunnel += 1
                return
            }
        } catch {
            countMalformed(error, "from \(source)")
            return
        }
        decoded.outerSource = source
        decoded.udpSourcePort = sourcePort
        try deliver(bytes, timestamp: timestamp, snapCut: 0)
    }

    /// Handles a GRE packet without its IP header (raw IPv6 socket).
    public func handleGREPayload(
        _ bytes: RawSpan,
        source: IPAddress,
        timestamp: CaptureTimestamp
    ) throws(CaptureFileError) {
        decoded = DecapsulatedPacket()
        do throws(WireError) {
            guard try options.decoder.decodeGRE(bytes, at: 0, into: &decoded) == .decapsulated else {
                report.notTunnel += 1
                return
            }
        } catch {
            countMalformed(error, "from \(source)")
            return
        }
        decoded.outerSource = source
        try deliver(bytes, timestamp: timestamp, snapCut: 0)
    }

    /// Flushes and closes the output; returns the report.
    public func finish() throws(CaptureFileError) -> DecapReport {
        if sequenceStateChanged { saveSequenceState() }
        switch output {
        case .pcap(let writer, _): try writer.close()
        case .pcapng(let writer): try writer.close()
        }
        var final = report
        final.sources = sources.sorted { $0.source < $1.source }.map { state in
            var entry = state.statistics
            if let tracker = state.tracker {
                entry.sequenced = true
                entry.lost = tracker.lost
                entry.reordered = tracker.reordered
                entry.duplicateSequenceNumbers = tracker.duplicates
            }
            return entry
        }
        return final
    }

    // MARK: - Delivery

    private func deliver(_ bytes: RawSpan, timestamp: CaptureTimestamp, snapCut: Int) throws(CaptureFileError) {
        let packet = decoded
        let inner = bytes.extracting(packet.innerRange)
        let source = TunnelSource(packet)
        let index: Int
        if let known = sourceIndex[source] {
            index = known
        } else {
            index = sources.count
            sources.append(SourceState(source: source, statistics: DecapReport.Source(name: source.description)))
            sourceIndex[source] = index
        }
        if let sequence = packet.sequenceNumber {
            if sources[index].tracker == nil { sources[index].tracker = startTracker(source, first: sequence) }
            sources[index].tracker?.observe(sequence)
            sequenceStateChanged = true
        }
        if options.dedup,
            deduplicator.isDuplicate(inner, linkType: packet.innerLinkType, timeNanoseconds: timestamp.totalNanoseconds)
        {
            report.duplicatesRemoved += 1
            return
        }
        if let limit = options.rotateAfterBytes, bytesInFile >= limit {
            try rotate()
        } else if let seconds = options.rotateAfterSeconds,
            Self.coarseNanoseconds() &- fileStartedNanoseconds >= UInt64(max(seconds, 1)) &* 1_000_000_000
        {
            try rotate()
        }
        bytesInFile += inner.byteCount + 32  // the record header (pcap 16 bytes, pcapng 32 and padding)
        var originalLength = inner.byteCount + snapCut
        let implied = Self.impliedLength(inner, linkType: packet.innerLinkType)
        let truncated = packet.truncatedFlag || snapCut > 0 || implied > inner.byteCount
        originalLength = max(originalLength, implied)
        switch output {
        case .pcap(let writer, let linkType):
            if let linkType, linkType != packet.innerLinkType {
                report.otherLinkType += 1
                return
            }
            if linkType == nil {
                if packet.innerLinkType != .ethernet {
                    // Reopen with the inner link type of the first frame.
                    try writer.close()
                    let fresh = try PcapWriter(
                        path: pendingPath,
                        header: PcapFileHeader(linkType: packet.innerLinkType, nanosecond: true)
                    )
                    output = .pcap(fresh, packet.innerLinkType)
                    setMaximumDelay()
                    try fresh.write(inner, timestamp: timestamp, originalLength: originalLength)
                    break
                }
                output = .pcap(writer, packet.innerLinkType)
            }
            try writer.write(inner, timestamp: timestamp, originalLength: originalLength)
        case .pcapng(let writer):
            if sources[index].interface < 0 {
                sources[index].interface = try writer.addInterface(
                    linkType: packet.innerLinkType,
                    name: source.description
                )
            }
            try writer.write(
                inner,
                interface: sources[index].interface,
                timestamp: timestamp,
                originalLength: originalLength
            )
        }
        report.written += 1
        sources[index].statistics.frames += 1
        sources[index].statistics.bytes += inner.byteCount
        if truncated { sources[index].statistics.truncated += 1 }
    }

    /// A tracker for a source's first sequence number: continuing the saved stream when the number
    /// follows the saved one, afresh otherwise (no saved state, or the sender restarted its count).
    private func startTracker(_ source: TunnelSource, first: UInt32) -> SequenceTracker {
        guard !resumed.isEmpty, let last = resumed[source.description], Int32(bitPattern: first &- last) > 0 else {
            return SequenceTracker()
        }
        return SequenceTracker(resumingAfter: last)
    }

    private func countMalformed(_ error: WireError, _ place: String) {
        if error.code == .unsupported { report.unsupported += 1 } else { report.malformed += 1 }
        if report.firstMalformed.count < 10 {
            report.firstMalformed.append(place.isEmpty ? error.description : "\(place): \(error.description)")
        }
    }

    /// The frame length the inner IPv4/IPv6 header announces (link header
    /// included), or 0: how long a frame the sender truncated originally was.
    static func impliedLength(_ frame: RawSpan, linkType: LinkType) -> Int {
        guard let offset = FrameLinkHeader.networkOffset(frame, linkType: linkType)?.offset else { return 0 }
        guard frame.byteCount >= offset + 1 else { return 0 }
        switch frame.byteAt(offset) >> 4 {
        case 4 where frame.byteCount >= offset + 4: return offset + Int(frame.uint16BE(at: offset + 2))
        case 6 where frame.byteCount >= offset + 6: return offset + 40 + Int(frame.uint16BE(at: offset + 4))
        default: return 0
        }
    }
}
