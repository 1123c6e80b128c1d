import PacketCore

/// The 8-byte VXLAN header (RFC 7348 §5).
///
/// ```
/// | R R R R I R R R (8) | Reserved (24) |
/// | VNI (24)            | Reserved (8)  |
/// ```
///
/// `init(validating:at:)` checks the 8 bytes (`.truncated`) and the I flag
/// (`.malformed`: RFC 7348 §5, "MUST be set to 1 for a valid VXLAN Network
/// ID"); the reserved bits are ignored on receipt, as the RFC asks.
public struct VXLANHeaderView: ~Escapable {
    /// Byte offsets of the header's fields.
    public enum Field {
        /// The flags byte (I flag).
        public static let flags = 0
        /// The 24-bit VNI and a reserved byte.
        public static let vni = 4
    }

    /// The header's length in bytes.
    public static let length = 8
    /// The I flag.
    public static let validVNIFlag: UInt8 = 0x08

    /// Exactly the 8 header bytes.
    public let header: RawSpan

    /// Validates the header at `offset` of `bytes`.
    ///
    /// - Throws: `WireError` `.truncated` when fewer than 8 bytes remain, `.malformed` when the I flag is clear.
    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int = 0) throws(WireError) {
        guard offset >= 0, bytes.byteCount &- offset >= Self.length else {
            throw WireError(code: .truncated, layer: .vxlan, offset: offset)
        }
        guard bytes.byteAt(offset &+ Field.flags) & Self.validVNIFlag != 0 else {
            throw WireError(code: .malformed, layer: .vxlan, offset: offset)
        }
        header = bytes.extracting(offset..<(offset &+ Self.length))
    }

    /// VXLAN network identifier (24 bits).
    @inlinable public var vni: UInt32 { header.uint32BE(at: Field.vni) >> 8 }
}
