import NetworkTypes

/// The start every ICMP (RFC 792) and ICMPv6 (RFC 4443) message shares:
/// type, code, checksum, then four type-specific bytes.
///
/// `init(validating:at:packetEnd:layer:)` checks that the 8 bytes fit in the
/// packet (before `packetEnd`; `.malformed`) and that type, code and checksum
/// were captured (`.truncated`); the type-specific word may lie past the
/// captured bytes.
public struct ICMPHeaderView: ~Escapable {
    public enum Field {
        public static let type = 0
        public static let code = 1
        public static let checksum = 2
        public static let rest = 4
    }

    /// The common header, type-specific word included.
    public static let length = 8
    /// Type, code and checksum: what must be captured.
    public static let capturedLength = 4

    /// Type, code and checksum.
    public let header: RawSpan

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

    @inlinable public var type: UInt8 { header.byteAt(Field.type) }
    @inlinable public var code: UInt8 { header.byteAt(Field.code) }
    @inlinable public var checksum: UInt16 { header.uint16BE(at: Field.checksum) }
}
