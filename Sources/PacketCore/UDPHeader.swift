/// An owned UDP header (8 bytes).
public struct UDPHeader: Hashable, Sendable {
    /// The source port.
    public var sourcePort: UInt16
    /// The destination port.
    public var destinationPort: UInt16
    /// Header plus payload in bytes.
    public var length: UInt16
    /// 0 means "no checksum" (allowed over IPv4, RFC 768).
    public var checksum: UInt16

    /// A header with the given fields; checksum 0 (none, allowed over IPv4) by default.
    public init(sourcePort: UInt16, destinationPort: UInt16, length: UInt16, checksum: UInt16 = 0) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.length = length
        self.checksum = checksum
    }

    /// The header's length in bytes.
    public static let encodedLength = 8

    /// Writes the 8-byte header. Traps if `out` has less room.
    @inlinable
    public func emit(into out: inout OutputRawSpan) {
        unsafe out.append(sourcePort.bigEndian, as: UInt16.self)
        unsafe out.append(destinationPort.bigEndian, as: UInt16.self)
        unsafe out.append(length.bigEndian, as: UInt16.self)
        unsafe out.append(checksum.bigEndian, as: UInt16.self)
    }
}
