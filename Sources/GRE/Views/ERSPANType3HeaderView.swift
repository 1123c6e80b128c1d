import PacketCore

/// The ERSPAN type III header (GRE protocol 0x22EB, draft-foschiano-erspan
/// §4.2): 12 bytes, plus an 8-byte platform-specific subheader when the O bit
/// is set. See `ERSPANType3Header` for the layout.
///
/// `init(validating:at:)` checks the 12 bytes (`.truncated`), version 2
/// (`.unsupported`) and, with the O bit, the subheader (`.truncated` at its offset).
public struct ERSPANType3HeaderView: ~Escapable {
    /// Byte offsets of the header's fields.
    public enum Field {
        /// The word holding version, VLAN, class of service, BSO, T bit and session ID.
        public static let firstWord = 0
        /// The 32-bit timestamp.
        public static let timestamp = 4
        /// The word holding SGT, P, frame type, hardware ID, D, granularity and O.
        public static let thirdWord = 8
        /// The optional 8-byte platform subheader.
        public static let platformSubheader = 12
    }

    /// The frame types this decoder delivers.
    public enum FrameType {
        /// An Ethernet frame.
        public static let ethernet: UInt8 = 0
        /// An IP packet without a link header.
        public static let ip: UInt8 = 2
    }

    /// The header's length without the platform subheader, in bytes.
    public static let fixedLength = 12
    /// The platform subheader's length in bytes.
    public static let platformSubheaderLength = 8
    /// The only version accepted.
    public static let version: UInt8 = 2

    /// The whole header, subheader included.
    public let header: RawSpan

    /// Validates the header at `offset` of `bytes`.
    ///
    /// - Throws: `WireError` `.truncated` when fewer than 12 bytes remain (or 20 with the O bit; then at the
    ///   subheader's offset), `.unsupported` when the version is not 2.
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
    /// VLAN of the original frame (12 bits).
    @inlinable public var vlan: UInt16 { first.vlan }
    /// Class of service of the original frame (3 bits).
    @inlinable public var classOfService: UInt8 { first.classOfService }
    /// Bad/short/oversized frame indication (2 bits).
    @inlinable public var badOrShortOversized: UInt8 { first.twoBitField }
    /// T bit: the frame was truncated to fit the tunnel.
    @inlinable public var truncated: Bool { first.truncated }
    /// Session ID (10 bits).
    @inlinable public var sessionID: UInt16 { first.sessionID }
    /// Low 32 bits of the timestamp, in units given by ``granularity``.
    @inlinable public var timestamp: UInt32 { header.uint32BE(at: Field.timestamp) }
    /// Security group tag.
    @inlinable public var securityGroupTag: UInt16 { UInt16(truncatingIfNeeded: third >> 16) }
    /// P bit: the payload is an Ethernet frame with its PDU.
    @inlinable public var ethernetPDU: Bool { third & 0x8000 != 0 }
    /// Frame type (5 bits): 0 Ethernet, 2 IP; others are not defined.
    @inlinable public var frameType: UInt8 { UInt8(truncatingIfNeeded: third >> 10) & 0x1F }
    /// Hardware ID (6 bits).
    @inlinable public var hardwareID: UInt8 { UInt8(truncatingIfNeeded: third >> 4) & 0x3F }
    /// D bit: the frame was mirrored on egress (false: ingress).
    @inlinable public var egress: Bool { third & 0x8 != 0 }
    /// Timestamp granularity (2 bits): 0 = 100 µs, 1 = 100 ns, 2 = IEEE 1588, 3 = user defined.
    @inlinable public var granularity: UInt8 { UInt8(truncatingIfNeeded: third >> 1) & 0x3 }
    /// The platform subheader's 8 bytes (O bit), or `nil`.
    @inlinable public var platformSubheader: UInt64? {
        header.byteCount > Self.fixedLength ? header.uint64BE(at: Field.platformSubheader) : nil
    }
}
