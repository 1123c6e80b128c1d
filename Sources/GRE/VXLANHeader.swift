import PacketCore

/// The 8-byte VXLAN header (RFC 7348 §5), carried in UDP to port 4789.
///
/// ```
/// | R R R R I R R R (8) | Reserved (24) |
/// | VNI (24)            | Reserved (8)  |
/// ```
public struct VXLANHeader: Hashable, Sendable {
    /// VXLAN network identifier (24 bits).
    public var vni: UInt32

    /// The header's length in bytes.
    public static let encodedLength = 8
    /// IANA-assigned UDP destination port (RFC 7348 §5).
    public static let udpPort: UInt16 = 4789

    /// A header for `vni`, masked to 24 bits.
    public init(vni: UInt32) { self.vni = vni & 0xFF_FFFF }

    /// Decodes the header at `offset`, with the checks of
    /// `VXLANHeaderView.init(validating:at:)`.
    @inlinable
    public init(decoding bytes: RawSpan, at offset: Int = 0) throws(WireError) {
        self.init(vni: try VXLANHeaderView(validating: bytes, at: offset).vni)
    }

    /// Writes the 8 header bytes (I flag set, reserved bits zero); `out` must have room for ``encodedLength`` bytes (it
    /// traps otherwise).
    @inlinable
    public func emit(into out: inout OutputRawSpan) {
        unsafe out.append(UInt32(0x0800_0000).bigEndian, as: UInt32.self)
        unsafe out.append((vni << 8).bigEndian, as: UInt32.self)
    }
}
