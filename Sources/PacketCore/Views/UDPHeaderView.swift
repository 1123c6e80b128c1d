import NetworkTypes

/// The 8-byte UDP header (RFC 768).
///
/// `init(validating:at:packetEnd:)` checks that the 8 bytes fit in the packet
/// (before `packetEnd`; `.malformed`) and were captured (`.truncated`). The
/// length field is checked by the caller, which knows whether the packet is a
/// fragment or a jumbogram (`length` 0: the datagram ends with the packet).
public struct UDPHeaderView: ~Escapable {
    public enum Field {
        public static let sourcePort = 0
        public static let destinationPort = 2
        public static let length = 4
        public static let checksum = 6
    }

    public static let length = 8

    /// Exactly the 8 header bytes.
    public let header: RawSpan

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

    @inlinable public var sourcePort: UInt16 { header.uint16BE(at: Field.sourcePort) }
    @inlinable public var destinationPort: UInt16 { header.uint16BE(at: Field.destinationPort) }
    @inlinable public var ports: PortPair { PortPair(source: sourcePort, destination: destinationPort) }
    /// Header plus payload in bytes; 0 in jumbograms and offload super-frames.
    @inlinable public var length: Int { Int(header.uint16BE(at: Field.length)) }
    @inlinable public var checksum: UInt16 { header.uint16BE(at: Field.checksum) }
}
