import NetworkTypes

/// The start every ICMP (RFC 792) and ICMPv6 (RFC 4443) message shares:
/// type, code, checksum, then four type-specific bytes.
///
/// `init(validating:at:packetEnd:layer:)` checks that the 8 bytes fit in the
/// packet (before `packetEnd`; `.malformed`) and that type, code and checksum
/// were captured (`.truncated`); the type-specific word may lie past the
/// captured bytes.
public struct ICMPHeaderView: ~Escapable {
    /// Byte offsets of the fields.
    public enum Field {
        /// 8-bit message type.
        public static let type = 0
        /// 8-bit code.
        public static let code = 1
        /// 16-bit checksum.
        public static let checksum = 2
        /// The four type-specific bytes (identifier and sequence, MTU, pointer, unused).
        public static let rest = 4
    }

    /// The common header, type-specific word included.
    public static let length = 8
    /// Type, code and checksum: what must be captured.
    public static let capturedLength = 4

    /// Type, code and checksum.
    public let header: RawSpan

    /// Validates the message start at `offset`, reporting errors in `layer` (`.icmp` or `.icmpv6`).
    ///
    /// - Throws: `WireError` `.malformed` when the 8 bytes do not fit before `packetEnd`, `.truncated` when type,
    ///   code and checksum were not captured.
    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int, packetEnd: Int, layer: Layer = .icmp) throws(WireError) {
        guard offset >= 0, packetEnd &- offset >= Self.length else {
            throw WireError(code: .malformed, layer: layer, offset: offset)
        }
        guard bytes.byteCount &- offset >= Self.capturedLength else {
            throw WireError(code: .truncated, layer: layer, offset: offset)
        }
        header = bytes.extracting(offset..<(offset &+ Self.capturedLength))
    }

    /// The message type (8 echo request, 0 echo reply, 3 unreachable; ICMPv6 128, 129, 1, ...).
    @inlinable public var type: UInt8 { header.byteAt(Field.type) }
    /// The code, refining the type.
    @inlinable public var code: UInt8 { header.byteAt(Field.code) }
    /// The checksum as sent; not verified here.
    @inlinable public var checksum: UInt16 { header.uint16BE(at: Field.checksum) }
}
