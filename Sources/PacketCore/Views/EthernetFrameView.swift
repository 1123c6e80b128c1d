import NetworkTypes

/// An Ethernet II header (IEEE 802.3): destination MAC, source MAC, EtherType.
///
/// `init(validating:at:)` checks once that the 14 bytes are there; every
/// accessor then reads at a fixed offset and cannot fail. 802.1Q/802.1ad tags
/// that follow are read with `VLANTagView`.
public struct EthernetFrameView: ~Escapable {
    /// Byte offsets of the fields, from the start of the header.
    public enum Field {
        /// The 6-byte destination MAC.
        public static let destination = 0
        /// The 6-byte source MAC.
        public static let source = 6
        /// The 16-bit EtherType (or the first tag's TPID).
        public static let etherType = 12
    }

    /// Length of the header without tags.
    public static let headerLength = 14

    /// Exactly the 14 header bytes.
    public let header: RawSpan

    /// Throws `.truncated` (layer `.ethernet`, at `offset`) when fewer than 14 bytes remain.
    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int = 0) throws(WireError) {
        guard offset >= 0, bytes.byteCount - offset >= Self.headerLength else {
            throw WireError(code: .truncated, layer: .ethernet, offset: offset)
        }
        header = bytes.extracting(offset..<(offset &+ Self.headerLength))
    }

    /// The destination MAC address.
    @inlinable public var destination: MACAddress { MACAddress(rawValue: header.uint48BE(at: Field.destination)) }
    /// The source MAC address.
    @inlinable public var source: MACAddress { MACAddress(rawValue: header.uint48BE(at: Field.source)) }
    /// The EtherType (or TPID of the first tag) after the addresses.
    @inlinable public var etherType: UInt16 { header.uint16BE(at: Field.etherType) }
}
