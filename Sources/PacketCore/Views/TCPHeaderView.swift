import NetworkTypes

/// The fixed 20 bytes of a TCP header (RFC 9293 §3.1); options follow up to
/// `headerLength`.
///
/// `init(validating:at:packetEnd:)` checks that 20 bytes fit in the segment
/// (before `packetEnd`, where the IP header says the packet ends;
/// `.malformed`) and that they were captured (`.truncated`). `validateHeaderLength`
/// then checks the data offset (at least 5 words, within the segment): a
/// separate step, so that a decoder can report the ports of a segment whose
/// data offset lies. Options may lie past the captured bytes.
public struct TCPHeaderView: ~Escapable {
    public enum Field {
        public static let sourcePort = 0
        public static let destinationPort = 2
        public static let sequenceNumber = 4
        public static let acknowledgmentNumber = 8
        public static let dataOffset = 12
        public static let flags = 13
        public static let window = 14
        public static let checksum = 16
        public static let urgentPointer = 18
    }

    public static let fixedLength = 20

    /// Exactly the fixed 20 bytes.
    public let header: RawSpan

    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int, packetEnd: Int) throws(WireError) {
        guard offset >= 0, packetEnd &- offset >= Self.fixedLength else {
            throw WireError(code: .malformed, layer: .tcp, offset: offset)
        }
        guard bytes.byteCount &- offset >= Self.fixedLength else {
            throw WireError(code: .truncated, layer: .tcp, offset: offset)
        }
        header = bytes.extracting(offset..<(offset &+ Self.fixedLength))
    }

    /// Throws `.malformed` at the data-offset byte unless the header length is
    /// at least 20 and fits before `packetEnd`; `offset` is the header's.
    @inlinable
    public func validateHeaderLength(at offset: Int, packetEnd: Int) throws(WireError) {
        let length = headerLength
        guard length >= Self.fixedLength, length <= packetEnd &- offset else {
            throw WireError(code: .malformed, layer: .tcp, offset: offset &+ Field.dataOffset)
        }
    }

    @inlinable public var sourcePort: UInt16 { header.uint16BE(at: Field.sourcePort) }
    @inlinable public var destinationPort: UInt16 { header.uint16BE(at: Field.destinationPort) }
    @inlinable public var ports: PortPair { PortPair(source: sourcePort, destination: destinationPort) }
    @inlinable public var sequenceNumber: UInt32 { header.uint32BE(at: Field.sequenceNumber) }
    @inlinable public var acknowledgmentNumber: UInt32 { header.uint32BE(at: Field.acknowledgmentNumber) }
    /// Header length in bytes, options included (data offset × 4; 20...60).
    @inlinable public var headerLength: Int { Int(header.byteAt(Field.dataOffset) >> 4) &* 4 }
    /// FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80.
    @inlinable public var flags: UInt8 { header.byteAt(Field.flags) }
    @inlinable public var window: UInt16 { header.uint16BE(at: Field.window) }
    @inlinable public var checksum: UInt16 { header.uint16BE(at: Field.checksum) }
}
