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
    /// Byte offsets of the fixed header's fields.
    public enum Field {
        /// 16-bit source port.
        public static let sourcePort = 0
        /// 16-bit destination port.
        public static let destinationPort = 2
        /// 32-bit sequence number.
        public static let sequenceNumber = 4
        /// 32-bit acknowledgment number.
        public static let acknowledgmentNumber = 8
        /// Data offset in 4-byte words (upper 4 bits).
        public static let dataOffset = 12
        /// The 8 flag bits (CWR ... FIN).
        public static let flags = 13
        /// 16-bit receive window.
        public static let window = 14
        /// 16-bit checksum.
        public static let checksum = 16
        /// 16-bit urgent pointer.
        public static let urgentPointer = 18
    }

    /// The header's length without options, in bytes.
    public static let fixedLength = 20

    /// Exactly the fixed 20 bytes.
    public let header: RawSpan

    /// Validates the fixed header at `offset` (the data offset is checked by `validateHeaderLength`).
    ///
    /// - Throws: `WireError` `.malformed` when 20 bytes do not fit before `packetEnd`, `.truncated` when they were
    ///   not captured.
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

    /// The source port.
    @inlinable public var sourcePort: UInt16 { header.uint16BE(at: Field.sourcePort) }
    /// The destination port.
    @inlinable public var destinationPort: UInt16 { header.uint16BE(at: Field.destinationPort) }
    /// Both ports, for flow keys and policy matching.
    @inlinable public var ports: PortPair { PortPair(source: sourcePort, destination: destinationPort) }
    /// The sequence number.
    @inlinable public var sequenceNumber: UInt32 { header.uint32BE(at: Field.sequenceNumber) }
    /// The acknowledgment number (meaningful with ACK set).
    @inlinable public var acknowledgmentNumber: UInt32 { header.uint32BE(at: Field.acknowledgmentNumber) }
    /// Header length in bytes, options included (data offset × 4; 20...60).
    @inlinable public var headerLength: Int { Int(header.byteAt(Field.dataOffset) >> 4) &* 4 }
    /// FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80.
    @inlinable public var flags: UInt8 { header.byteAt(Field.flags) }
    /// The receive window, unscaled.
    @inlinable public var window: UInt16 { header.uint16BE(at: Field.window) }
    /// The checksum as sent; not verified here.
    @inlinable public var checksum: UInt16 { header.uint16BE(at: Field.checksum) }
}
