import NetworkTypes
import PacketCore

/// The fixed 8-byte Geneve header (RFC 8926 §3.4) as this encoder writes it:
/// version 0, no options, O and C clear. See `GeneveHeaderView` for the layout.
public struct GeneveHeader: Hashable, Sendable {
    /// Virtual network identifier (24 bits).
    public var vni: UInt32
    /// The payload's EtherType (0x6558: Ethernet frames).
    public var protocolType: UInt16

    /// The header's length in bytes (no options are written).
    public static let encodedLength = 8
    /// IANA-assigned UDP destination port (RFC 8926 §3.3).
    public static let udpPort: UInt16 = 6081

    /// A header for `vni` (masked to 24 bits) carrying `protocolType`.
    public init(vni: UInt32, protocolType: UInt16 = EtherType.transparentEthernetBridging) {
        self.vni = vni & 0xFF_FFFF
        self.protocolType = protocolType
    }

    /// Writes the 8 header bytes, big-endian; `out` must have room for ``encodedLength`` bytes (it traps otherwise).
    @inlinable
    public func emit(into out: inout OutputRawSpan) {
        unsafe out.append(UInt16(0).bigEndian, as: UInt16.self)
        unsafe out.append(protocolType.bigEndian, as: UInt16.self)
        unsafe out.append((vni << 8).bigEndian, as: UInt32.self)
    }
}
