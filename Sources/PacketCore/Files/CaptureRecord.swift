/// What a capture file says about one frame (the bytes are read separately,
/// see `CaptureFileReader.withCurrentFrame`).
public struct CaptureRecord: Hashable, Sendable {
    /// 1-based position of the frame in the file (as tshark and Wireshark number frames).
    public var number: Int
    /// When the frame was captured, with the interface's resolution and offset applied.
    public var timestamp: CaptureTimestamp
    /// Bytes present in the file.
    public var capturedLength: Int
    /// Length of the frame on the wire.
    public var originalLength: Int
    /// pcapng interface ID (0 for pcap).
    public var interfaceIndex: Int
    /// The link type of the frame's interface.
    public var linkType: LinkType
    /// Byte offset of the record (pcap record header or pcapng block) in the
    /// uncompressed file.
    public var fileOffset: Int64

    /// A record with the given parts.
    public init(
        number: Int,
        timestamp: CaptureTimestamp,
        capturedLength: Int,
        originalLength: Int,
        interfaceIndex: Int,
        linkType: LinkType,
        fileOffset: Int64
    ) {
        self.number = number
        self.timestamp = timestamp
        self.capturedLength = capturedLength
        self.originalLength = originalLength
        self.interfaceIndex = interfaceIndex
        self.linkType = linkType
        self.fileOffset = fileOffset
    }
}
