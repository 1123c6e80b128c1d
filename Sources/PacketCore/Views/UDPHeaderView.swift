import NetworkTypes

/// The 8-byte UDP header (RFC 768).
///
/// `init(validating:at:packetEnd:)` checks that the 8 bytes fit in the packet
/// (before `packetEnd`; `.malformed`) and were captured (`.truncated`). The
/// length field is checked by the caller, which knows whether the packet is a
/// fragment or a jumbogram (`length` 0: the datagram ends with the packet).
public struct UDPHeaderView: ~Escapable {
    /// Byte offsets of the header's fields.
    public enum Field {
        /// 16-bit source port.
        public static let sourcePort = 0
        /// 16-bit destination port.
        public static let destinationPort = 2
        /// 16-bit length: header plus payload, in bytes.
        public static let length = 4
        /// 16-bit checksum (0: none, IPv4 only).
        public static let checksum = 6
    }

    /// The header's length in bytes.
    public static let length = 8

    /// Exactly the 8 header bytes.
    public let header: RawSpan

    /// Validates the 8 header bytes at `offset` (the length field is the caller's to check).
    ///
    /// - Throws: `WireError` `.malformed` when 8 bytes do not fit before `packetEnd`, `.truncated` when they were not
    ///   captured.
    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int, packetEnd: Int) throws(WireError) {
        guard offset >= 0, packetEnd &- offset >= Self.length else {
            throw WireError(code: .malformed, layer: .udp, offset: offset)
        }
        guard bytes.byteCount &- offset >= Self.length else {
            throw WireError(code: .truncated, layer: .udp, offset: offset)
        }
        header = bytes.extracting(offset..<(offset &+ Self.length))
    }

    /// The source port.
    @inlinable public var sourcePort: UInt16 { header.uint16BE(at: Field.sourcePort) }
    /// The destination port.
    @inlinable public var destinationPort: UInt16 { header.uint16BE(at: Field.destinationPort) }
    /// Both ports, for flow keys and policy matching.
    @inlinable public var ports: PortPair { PortPair(source: sourcePort, destination: destinationPort) }
    /// Header plus payload in bytes; 0 in jumbograms and offload super-frames.
    @inlinable public var length: Int { Int(header.uint16BE(at: Field.length)) }
    /// The checksum as sent (0: none); not verified here.
    @inlinable public var checksum: UInt16 { header.uint16BE(at: Field.checksum) }
}
