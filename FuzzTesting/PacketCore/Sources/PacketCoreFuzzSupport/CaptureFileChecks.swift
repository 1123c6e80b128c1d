import PacketCore

/// What the file-reader fuzz targets do with their input.
public enum CaptureFileChecks {
    /// Most records read from one input (a pcapng file of empty blocks could
    /// otherwise keep one run busy for long).
    static let recordLimit = 100_000

    /// Reads every record of `bytes`, touching every frame byte and decoding
    /// each frame. The first byte chooses the source: below 0x80 the bytes come
    /// from memory in one piece, otherwise in chunks of `1 + byte & 0x7F` bytes.
    public static func readEveryRecord(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let bytes = Array(input.dropFirst())
        let source: any CaptureByteSource =
            selector < 0x80 ? MemoryByteSource(bytes) : ChunkedByteSource(bytes, chunk: 1 + Int(selector & 0x7F))
        readEveryRecord(from: source)
    }

    /// A valid 24-byte pcap file header: `variant` bit 0 = nanosecond, bit 1 =
    /// big-endian, bits 2-4 = link type (Ethernet, raw, Linux cooked, IPv4,
    /// IPv6, ...), bits 5-7 = snap length (64 · 4^n bytes, 0 = 262144).
    public static func pcapHeader(variant: UInt8) -> [UInt8] {
        let linkTypes: [LinkType] = [
            .ethernet, .raw, .linuxCooked, .ipv4, .ipv6, .ethernet, .ethernet, LinkType(rawValue: 147),
        ]
        let snapShift = Int(variant >> 5)
        let header = PcapFileHeader(
            nanosecond: variant & 1 != 0,
            bigEndian: variant & 2 != 0,
            snapLength: snapShift == 0 ? 262_144 : UInt32(64 << (2 * (snapShift - 1))),
            linkTypeAndFCS: linkTypes[Int(variant >> 2) & 7].rawValue
        )
        let sink = MemoryByteSink()
        let writer = try! PcapWriter(sink: sink, header: header)
        try! writer.flush()
        return sink.bytes
    }

    /// Reads every record of `source` until the end or the first error.
    public static func readEveryRecord(from source: any CaptureByteSource) {
        let reader: CaptureFileReader
        do { reader = try CaptureFileReader(source: source) } catch { return }
        var previous = 0
        while previous < recordLimit {
            let record: CaptureRecord?
            do { record = try reader.next() } catch {
                precondition(
                    error.recordNumber == previous + 1,
                    "error names record \(error.recordNumber) after \(previous)"
                )
                return
            }
            guard let record else { return }
            precondition(record.number == previous + 1, "record \(record.number) follows \(previous)")
            previous = record.number
            reader.withCurrentFrame { frame in
                precondition(
                    frame.byteCount == record.capturedLength,
                    "frame of \(frame.byteCount) bytes, record says \(record.capturedLength)"
                )
                FrameChecks.sum(frame)
                FrameChecks.decodeAndTouch(frame, linkType: record.linkType, wireLength: record.originalLength)
            }
            _ = reader.currentFrame()
        }
    }
}
