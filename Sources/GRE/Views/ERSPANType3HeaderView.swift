import PacketCore

/// The ERSPAN type III header (GRE protocol 0x22EB, draft-foschiano-erspan
/// §4.2): 12 bytes, plus an 8-byte platform-specific subheader when the O bit
/// is set. See `ERSPANType3Header` for the layout.
///
/// `init(validating:at:)` checks the 12 bytes (`.truncated`), version 2
/// (`.unsupported`) and, with the O bit, the subheader (`.truncated` at its offset).
public struct ERSPANType3HeaderView: ~Escapable {
    public enum Field {
        public static let firstWord = 0
        public static let timestamp = 4
        public static let thirdWord = 8
        public static let platformSubheader = 12
    }

    public enum FrameType {
        public static let ethernet: UInt8 = 0
        public static let ip: UInt8 = 2
    }

    public static let fixedLength = 12
    public static let platformSubheaderLength = 8
    public static let version: UInt8 = 2

    /// The whole header, subheader included.
    public let header: RawSpan

    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int = 0) throws(WireError) {
        guard offset >= 0, bytes.byteCount &- offset >= Self.fixedLength else {
            throw WireError(code: .truncated, layer: .erspan, offset: offset)
        }
        guard bytes.byteAt(offset) >> 4 == Self.version else {
            throw WireError(code: .unsupported, layer: .erspan, offset: offset)
        }
        var length = Self.fixedLength
        if bytes.uint32BE(at: offset &+ Field.thirdWord) & 0x1 != 0 {
            guard bytes.byteCount &- offset >= Self.fixedLength &+ Self.platformSubheaderLength else {
                throw WireError(code: .truncated, layer: .erspan, offset: offset &+ Self.fixedLength)
            }
            length &+= Self.platformSubheaderLength
        }
        header = bytes.extracting(offset..<(offset &+ length))
    }

    @inlinable var first: ERSPANFirstWord { ERSPANFirstWord(header.uint32BE(at: Field.firstWord)) }
    @inlinable var third: UInt32 { header.uint32BE(at: Field.thirdWord) }
    /// Header length: 12, or 20 with the platform subheader.
    @inlinable public var length: Int { header.byteCount }
    @inlinable public var vlan: UInt16 { first.vlan }
    @inlinable public var classOfService: UInt8 { first.classOfService }
    @inlinable public var badOrShortOversized: UInt8 { first.twoBitField }
    @inlinable public var truncated: Bool { first.truncated }
    @inlinable public var sessionID: UInt16 { first.sessionID }
    @inlinable public var timestamp: UInt32 { header.uint32BE(at: Field.timestamp) }
    @inlinable public var securityGroupTag: UInt16 { UInt16(truncatingIfNeeded: third >> 16) }
    @inlinable public var ethernetPDU: Bool { third & 0x8000 != 0 }
    /// Frame type (5 bits): 0 Ethernet, 2 IP; others are not defined.
    @inlinable public var frameType: UInt8 { UInt8(truncatingIfNeeded: third >> 10) & 0x1F }
    @inlinable public var hardwareID: UInt8 { UInt8(truncatingIfNeeded: third >> 4) & 0x3F }
    @inlinable public var egress: Bool { third & 0x8 != 0 }
    @inlinable public var granularity: UInt8 { UInt8(truncatingIfNeeded: third >> 1) & 0x3 }
    @inlinable public var platformSubheader: UInt64? {
        header.byteCount > Self.fixedLength ? header.uint64BE(at: Field.platformSubheader) : nil
    }
}
