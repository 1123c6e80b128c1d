import NetworkTypes

/// The fixed 40-byte IPv6 header (RFC 8200 §3). Extension headers that follow
/// are read with `IPv6ExtensionHeaderView`.
///
/// `init(validating:at:)` checks that a byte is there (`.truncated`), the
/// version is 6 (`.malformed`) and the 40 bytes are there (`.truncated`).
public struct IPv6HeaderView: ~Escapable {
    public enum Field {
        public static let versionClassAndFlowLabel = 0
        public static let payloadLength = 4
        public static let nextHeader = 6
        public static let hopLimit = 7
        public static let source = 8
        public static let destination = 24
    }

    public static let length = 40

    /// True when a byte is at `offset` and its version nibble is 6.
    @inlinable @inline(__always)
    public static func identifies(_ bytes: RawSpan, at offset: Int) -> Bool {
        offset >= 0 && bytes.byteCount > offset && bytes.byteAt(offset) >> 4 == 6
    }

    /// Exactly the 40 header bytes.
    public let header: RawSpan

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
    @inlinable public var nextHeader: UInt8 { header.byteAt(Field.nextHeader) }
    @inlinable public var hopLimit: UInt8 { header.byteAt(Field.hopLimit) }
    @inlinable public var source: IPv6Address { IPv6Address(rawValue: header.uint128BE(at: Field.source)) }
    @inlinable public var destination: IPv6Address { IPv6Address(rawValue: header.uint128BE(at: Field.destination)) }
}
