import NetworkTypes

/// The fixed 20 bytes of an IPv4 header (RFC 791).
///
/// `init(validating:at:)` checks, in this order, that a byte is there
/// (`.truncated`), the version is 4 and the header length is at least 20
/// (`.malformed`), and that the 20 bytes are there (`.truncated`). Options and
/// the total length are checked against the frame by the caller, which knows
/// the wire length (`headerLength`, `totalLength`).
public struct IPv4HeaderView: ~Escapable {
    /// Byte offsets of the fixed header's fields.
    public enum Field {
        /// Version (4 bits) and header length in 4-byte words (4 bits).
        public static let versionAndHeaderLength = 0
        /// 8-bit TOS: DSCP (6 bits) and ECN (2 bits).
        public static let typeOfService = 1
        /// 16-bit total length: header plus payload, in bytes.
        public static let totalLength = 2
        /// 16-bit identification shared by a packet's fragments.
        public static let identification = 4
        /// Flags (3 bits: reserved, DF, MF) and fragment offset in 8-byte units (13 bits).
        public static let flagsAndFragmentOffset = 6
        /// 8-bit time to live.
        public static let timeToLive = 8
        /// 8-bit protocol of the payload.
        public static let protocolNumber = 9
        /// 16-bit header checksum.
        public static let checksum = 10
        /// 32-bit source address.
        public static let source = 12
        /// 32-bit destination address.
        public static let destination = 16
    }

    /// Length of the header without options.
    public static let fixedLength = 20

    /// True when a byte is at `offset` and its version nibble is 4: the bytes
    /// are an IPv4 header, whole or not.
    @inlinable @inline(__always)
    public static func identifies(_ bytes: RawSpan, at offset: Int) -> Bool {
        offset >= 0 && bytes.byteCount > offset && bytes.byteAt(offset) >> 4 == 4
    }

    /// Exactly the fixed 20 bytes.
    public let header: RawSpan

    /// Validates the fixed header at `offset`.
    ///
    /// - Throws: `WireError` `.truncated` when no byte or fewer than 20 bytes remain, `.malformed` when the version
    ///   is not 4 or the header length is below 20.
    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int = 0) throws(WireError) {
        guard offset >= 0, bytes.byteCount > offset else {
            throw WireError(code: .truncated, layer: .ipv4, offset: offset)
        }
        let first = bytes.byteAt(offset)
        guard first >> 4 == 4, first & 0x0F >= 5 else {
            throw WireError(code: .malformed, layer: .ipv4, offset: offset)
        }
        guard bytes.byteCount &- offset >= Self.fixedLength else {
            throw WireError(code: .truncated, layer: .ipv4, offset: offset)
        }
        header = bytes.extracting(offset..<(offset &+ Self.fixedLength))
    }

    /// Header length in bytes, options included (IHL × 4, at least 20).
    @inlinable public var headerLength: Int { Int(header.byteAt(Field.versionAndHeaderLength) & 0x0F) &* 4 }
    /// The TOS byte: DSCP in the upper 6 bits, ECN in the lower 2.
    @inlinable public var typeOfService: UInt8 { header.byteAt(Field.typeOfService) }
    /// Header plus payload; 0 in offload (TSO/GSO) super-frames.
    @inlinable public var totalLength: Int { Int(header.uint16BE(at: Field.totalLength)) }
    /// The identification shared by a packet's fragments.
    @inlinable public var identification: UInt16 { header.uint16BE(at: Field.identification) }
    /// The flags and fragment offset word as sent.
    @inlinable public var flagsAndFragmentOffset: UInt16 { header.uint16BE(at: Field.flagsAndFragmentOffset) }
    /// The DF flag: routers must not fragment the packet.
    @inlinable public var dontFragment: Bool { flagsAndFragmentOffset & 0x4000 != 0 }
    /// The MF flag: more fragments of this packet follow.
    @inlinable public var moreFragments: Bool { flagsAndFragmentOffset & 0x2000 != 0 }
    /// Fragment offset in bytes.
    @inlinable public var fragmentOffset: UInt16 { (flagsAndFragmentOffset & 0x1FFF) &* 8 }
    /// True for any fragment: MF set or a non-zero offset.
    @inlinable public var isFragment: Bool { flagsAndFragmentOffset & 0x3FFF != 0 }
    /// The time to live.
    @inlinable public var timeToLive: UInt8 { header.byteAt(Field.timeToLive) }
    /// The protocol of the payload (`IPProtocolNumber`).
    @inlinable public var protocolNumber: UInt8 { header.byteAt(Field.protocolNumber) }
    /// The header checksum as sent; not verified here.
    @inlinable public var checksum: UInt16 { header.uint16BE(at: Field.checksum) }
    /// The source address.
    @inlinable public var source: IPv4Address { IPv4Address(rawValue: header.uint32BE(at: Field.source)) }
    /// The destination address.
    @inlinable public var destination: IPv4Address { IPv4Address(rawValue: header.uint32BE(at: Field.destination)) }
}
