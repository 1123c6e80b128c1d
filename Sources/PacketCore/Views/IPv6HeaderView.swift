import NetworkTypes

/// The fixed 40-byte IPv6 header (RFC 8200 §3). Extension headers that follow
/// are read with `IPv6ExtensionHeaderView`.
///
/// `init(validating:at:)` checks that a byte is there (`.truncated`), the
/// version is 6 (`.malformed`) and the 40 bytes are there (`.truncated`).
public struct IPv6HeaderView: ~Escapable {
    /// Byte offsets of the header's fields.
    public enum Field {
        /// Version (4 bits), traffic class (8) and flow label (20).
        public static let versionClassAndFlowLabel = 0
        /// 16-bit payload length: bytes after the fixed header.
        public static let payloadLength = 4
        /// 8-bit next header.
        public static let nextHeader = 6
        /// 8-bit hop limit.
        public static let hopLimit = 7
        /// 128-bit source address.
        public static let source = 8
        /// 128-bit destination address.
        public static let destination = 24
    }

    /// The header's length in bytes.
    public static let length = 40

    /// True when a byte is at `offset` and its version nibble is 6.
    @inlinable @inline(__always)
    public static func identifies(_ bytes: RawSpan, at offset: Int) -> Bool {
        offset >= 0 && bytes.byteCount > offset && bytes.byteAt(offset) >> 4 == 6
    }

    /// Exactly the 40 header bytes.
    public let header: RawSpan

    /// Validates the 40-byte header at `offset`.
    ///
    /// - Throws: `WireError` `.truncated` when no byte or fewer than 40 bytes remain, `.malformed` when the version
    ///   is not 6.
    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int = 0) throws(WireError) {
        guard offset >= 0, bytes.byteCount > offset else {
            throw WireError(code: .truncated, layer: .ipv6, offset: offset)
        }
        guard bytes.byteAt(offset) >> 4 == 6 else { throw WireError(code: .malformed, layer: .ipv6, offset: offset) }
        guard bytes.byteCount &- offset >= Self.length else {
            throw WireError(code: .truncated, layer: .ipv6, offset: offset)
        }
        header = bytes.extracting(offset..<(offset &+ Self.length))
    }

    @inlinable var firstWord: UInt32 { header.uint32BE(at: Field.versionClassAndFlowLabel) }
    /// DSCP and ECN.
    @inlinable public var trafficClass: UInt8 { UInt8(truncatingIfNeeded: firstWord >> 20) }
    /// Flow label (20 bits).
    @inlinable public var flowLabel: UInt32 { firstWord & 0x000F_FFFF }
    /// Bytes after the fixed header; 0 for an empty payload or a jumbogram (RFC 2675).
    @inlinable public var payloadLength: Int { Int(header.uint16BE(at: Field.payloadLength)) }
    /// The protocol of the first extension header or of the payload.
    @inlinable public var nextHeader: UInt8 { header.byteAt(Field.nextHeader) }
    /// The hop limit.
    @inlinable public var hopLimit: UInt8 { header.byteAt(Field.hopLimit) }
    /// The source address.
    @inlinable public var source: IPv6Address { IPv6Address(rawValue: header.uint128BE(at: Field.source)) }
    /// The destination address.
    @inlinable public var destination: IPv6Address { IPv6Address(rawValue: header.uint128BE(at: Field.destination)) }
}
