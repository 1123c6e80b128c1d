import PacketCore

/// A GRE header (RFC 2784, with the key and sequence number of RFC 2890).
///
/// ```
/// | C | R | K | S | s | Recur (3) | Flags (5) | Ver (3) | Protocol Type (16) |
/// | [Checksum (16) | Reserved1 (16)]  when C                                 |
/// | [Key (32)]                        when K                                 |
/// | [Sequence Number (32)]            when S                                 |
/// ```
///
/// `init(validating:at:)` checks, in this order: the 4 fixed bytes
/// (`.truncated`), version 0 (`.unsupported` at the version byte: version 1
/// is PPTP's enhanced GRE, RFC 2637), no routing, strict source route,
/// recursion or reserved bits (`.malformed`, RFC 2784 §2.3), and the optional
/// fields the flags announce (`.truncated`).
public struct GREHeaderView: ~Escapable {
    /// Byte offsets of the header's fields.
    public enum Field {
        /// The 16 bits of flags and version.
        public static let flags = 0
        /// The byte holding the version's 3 bits.
        public static let versionByte = 1
        /// The 16-bit protocol type.
        public static let protocolType = 2
        /// The first optional field (checksum, key or sequence number).
        public static let optional = 4
    }

    /// Bits of the 16-bit flags-and-version field.
    public enum Flag {
        /// C: the checksum field is present (RFC 2784 §2.1).
        public static let checksum: UInt16 = 0x8000
        /// K: the key field is present (RFC 2890 §2.1).
        public static let key: UInt16 = 0x2000
        /// S: the sequence number field is present (RFC 2890 §2.2).
        public static let sequenceNumber: UInt16 = 0x1000
        /// Routing, strict source route, recursion control and reserved flags.
        public static let forbidden: UInt16 = 0x4FF8
        /// The version (3 bits); only 0 is accepted.
        public static let version: UInt16 = 0x0007
    }

    /// The header's length without optional fields, in bytes.
    public static let fixedLength = 4

    /// The whole header, optional fields included.
    public let header: RawSpan

    /// Validates the header at `offset` of `bytes`, optional fields included.
    ///
    /// - Throws: `WireError` `.truncated` when the fixed bytes or the announced optional fields do not fit,
    ///   `.unsupported` for a version other than 0, `.malformed` for routing, strict source route, recursion or
    ///   reserved bits.
    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int = 0) throws(WireError) {
        guard offset >= 0, bytes.byteCount &- offset >= Self.fixedLength else {
            throw WireError(code: .truncated, layer: .gre, offset: offset)
        }
        let flags = bytes.uint16BE(at: offset)
        guard flags & Flag.version == 0 else {
            throw WireError(code: .unsupported, layer: .gre, offset: offset &+ Field.versionByte)
        }
        guard flags & Flag.forbidden == 0 else { throw WireError(code: .malformed, layer: .gre, offset: offset) }
        let length = Self.length(flags: flags)
        guard bytes.byteCount &- offset >= length else {
            throw WireError(code: .truncated, layer: .gre, offset: offset)
        }
        header = bytes.extracting(offset..<(offset &+ length))
    }

    /// 4 bytes plus 4 for each of checksum, key and sequence number the flags announce.
    @inlinable @inline(__always)
    static func length(flags: UInt16) -> Int {
        var length = fixedLength
        if flags & Flag.checksum != 0 { length &+= 4 }
        if flags & Flag.key != 0 { length &+= 4 }
        if flags & Flag.sequenceNumber != 0 { length &+= 4 }
        return length
    }

    /// The flags-and-version field.
    @inlinable public var flags: UInt16 { header.uint16BE(at: Field.flags) }
    /// The EtherType of the payload (RFC 2784 §2.4).
    @inlinable public var protocolType: UInt16 { header.uint16BE(at: Field.protocolType) }
    /// Header length in bytes, optional fields included.
    @inlinable public var length: Int { header.byteCount }
    /// The C bit: a checksum field is present.
    @inlinable public var checksumPresent: Bool { flags & Flag.checksum != 0 }
    /// The checksum field, or nil without the C bit.
    @inlinable public var checksum: UInt16? { checksumPresent ? header.uint16BE(at: Field.optional) : nil }
    @inlinable var keyOffset: Int { Field.optional &+ (checksumPresent ? 4 : 0) }
    /// The RFC 2890 key, or nil without the K bit.
    @inlinable public var key: UInt32? { flags & Flag.key != 0 ? header.uint32BE(at: keyOffset) : nil }
    /// The RFC 2890 sequence number, or nil without the S bit.
    @inlinable public var sequenceNumber: UInt32? {
        guard flags & Flag.sequenceNumber != 0 else { return nil }
        return header.uint32BE(at: keyOffset &+ (flags & Flag.key != 0 ? 4 : 0))
    }
}
