/// One pcapng block, as `CaptureFileReader.nextBlock()` describes it.
public struct PcapngBlock: Hashable, Sendable {
    /// Block type (0x0A0D0D0A section header, 1 interface description,
    /// 3 simple packet, 5 interface statistics, 6 enhanced packet, ...).
    public var type: UInt32
    /// Byte offset of the block in the uncompressed file.
    public var offset: Int64
    /// Total block length, header and trailer included.
    public var length: Int
    /// The byte order of the block's section.
    public var bigEndian: Bool
    /// Set for packet blocks (enhanced, simple, obsolete packet): the frame
    /// is readable with `CaptureFileReader.withCurrentFrame`.
    public var record: CaptureRecord?

    /// A block description with the given parts.
    public init(type: UInt32, offset: Int64, length: Int, bigEndian: Bool, record: CaptureRecord?) {
        self.type = type
        self.offset = offset
        self.length = length
        self.bigEndian = bigEndian
        self.record = record
    }

    /// Block type 0x0A0D0D0A: a Section Header Block.
    public static let sectionHeaderType: UInt32 = 0x0A0D_0D0A
    /// Block type 1: an Interface Description Block.
    public static let interfaceDescriptionType: UInt32 = 1
    /// Block type 3: a Simple Packet Block.
    public static let simplePacketType: UInt32 = 3
    /// Block type 6: an Enhanced Packet Block.
    public static let enhancedPacketType: UInt32 = 6
}
