import PacketCore

/// The Geneve header (RFC 8926 §3.4), carried in UDP to port 6081: 8 fixed
/// bytes, then `optionsLength` bytes of options.
///
/// ```
/// | Ver (2) | Opt Len (6) | O | C | Rsvd (6) | Protocol Type (16) |
/// | Virtual Network Identifier (24)          | Reserved (8)       |
/// | Options (Opt Len × 4 bytes): Class (16) | C Type (1+7) | R (3) Length (5) | Data (Length × 4) | ...
/// ```
///
/// `init(validating:at:)` checks:
/// - the 8 fixed bytes and the announced options (`.truncated`);
/// - version 0 (`.unsupported`: RFC 8926 §3.4, "packets received by a tunnel
///   endpoint with an unknown version MUST be dropped");
/// - every option's length against the options area (`.malformed` at the
///   option that runs past it);
/// - the critical bit: this decoder knows no option, so an option with its
///   critical bit set, or the header's C flag, is `.unsupported` (RFC 8926
///   §3.5.1: such a packet MUST be dropped, not forwarded as if understood).
public struct GeneveHeaderView: ~Escapable {
    /// Byte offsets of the header's fields.
    public enum Field {
        /// Version (2 bits) and options length in 4-byte words (6 bits).
        public static let versionAndOptionsLength = 0
        /// The O and C flags.
        public static let flags = 1
        /// The payload's 16-bit EtherType.
        public static let protocolType = 2
        /// The 24-bit VNI and a reserved byte.
        public static let vni = 4
        /// The first option.
        public static let options = 8
    }

    /// One option's header fields, relative to the option's start.
    public enum OptionField {
        /// The option's 16-bit class.
        public static let optionClass = 0
        /// The option's type; its high bit is the critical bit.
        public static let type = 2
        /// Reserved bits and the option's data length in 4-byte words (5 bits).
        public static let length = 3
        /// The option's data.
        public static let data = 4
    }

    /// The header's length without options, in bytes.
    public static let fixedLength = 8
    /// An option's header length in bytes (before its data).
    public static let optionHeaderLength = 4
    /// The only version accepted.
    public static let version: UInt8 = 0
    /// The O flag: an OAM (control) packet, not tenant traffic.
    public static let oamFlag: UInt8 = 0x80
    /// The C flag: critical options are present.
    public static let criticalFlag: UInt8 = 0x40
    /// The critical bit of an option's type.
    public static let criticalOptionType: UInt8 = 0x80

    /// The whole header, options included.
    public let header: RawSpan

    /// Validates the header and its options at `offset` of `bytes`.
    ///
    /// - Throws: `WireError` `.truncated` when the fixed bytes or the announced options do not fit, `.unsupported`
    ///   for a version other than 0, a critical option or the C flag, `.malformed` for an option that runs past the
    ///   options area.
    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int = 0) throws(WireError) {
        guard offset >= 0, bytes.byteCount &- offset >= Self.fixedLength else {
            throw WireError(code: .truncated, layer: .geneve, offset: offset)
        }
        let first = bytes.byteAt(offset &+ Field.versionAndOptionsLength)
        guard first >> 6 == Self.version else {
            throw WireError(code: .unsupported, layer: .geneve, offset: offset)
        }
        let length = Self.fixedLength &+ Int(first & 0x3F) &* 4
        guard bytes.byteCount &- offset >= length else {
            throw WireError(code: .truncated, layer: .geneve, offset: offset &+ Field.options)
        }
        var option = offset &+ Field.options
        let end = offset &+ length
        while option < end {
            guard end &- option >= Self.optionHeaderLength else {
                throw WireError(code: .malformed, layer: .geneve, offset: option)
            }
            let optionLength = Self.optionHeaderLength &+ Int(bytes.byteAt(option &+ OptionField.length) & 0x1F) &* 4
            guard end &- option >= optionLength else {
                throw WireError(code: .malformed, layer: .geneve, offset: option)
            }
            if bytes.byteAt(option &+ OptionField.type) & Self.criticalOptionType != 0 {
                throw WireError(code: .unsupported, layer: .geneve, offset: option &+ OptionField.type)
            }
            option &+= optionLength
        }
        if bytes.byteAt(offset &+ Field.flags) & Self.criticalFlag != 0 {
            throw WireError(code: .unsupported, layer: .geneve, offset: offset &+ Field.flags)
        }
        header = bytes.extracting(offset..<end)
    }

    /// Header length: 8 plus the options.
    @inlinable public var length: Int { header.byteCount }
    /// Bytes of options.
    @inlinable public var optionsLength: Int { header.byteCount &- Self.fixedLength }
    /// True for an OAM (control) packet.
    @inlinable public var isOAM: Bool { header.byteAt(Field.flags) & Self.oamFlag != 0 }
    /// The EtherType of the payload (0x6558 for Ethernet frames).
    @inlinable public var protocolType: UInt16 { header.uint16BE(at: Field.protocolType) }
    /// Virtual network identifier (24 bits).
    @inlinable public var vni: UInt32 { header.uint32BE(at: Field.vni) >> 8 }
}
