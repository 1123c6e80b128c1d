import NetworkTypes

/// One 802.1Q / 802.1ad tag as it follows its TPID: the tag control
/// information and the EtherType (or next TPID) after it.
///
/// ```
/// | PCP (3) | DEI (1) | VLAN ID (12) | EtherType (16) |
/// ```
public struct VLANTagView: ~Escapable {
    /// Byte offsets from the tag's start (after the TPID).
    public enum Field {
        /// 16-bit tag control: PCP (3 bits), DEI (1), VLAN ID (12).
        public static let tagControl = 0
        /// 16-bit EtherType (or next TPID) after the tag.
        public static let etherType = 2
    }

    /// Length of the tag after its TPID.
    public static let length = 4

    /// True for the TPIDs that introduce a tag: 0x8100 (802.1Q), 0x88A8 (802.1ad), 0x9100 (pre-standard QinQ).
    @inlinable @inline(__always)
    public static func isTagProtocolIdentifier(_ etherType: UInt16) -> Bool {
        etherType == EtherType.vlan || etherType == EtherType.qinq || etherType == EtherType.qinqLegacy
    }

    /// Exactly the 4 tag bytes.
    public let header: RawSpan

    /// Throws `.truncated` (layer `.vlan`, at `offset`) when fewer than 4 bytes remain.
    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int) throws(WireError) {
        guard offset >= 0, bytes.byteCount - offset >= Self.length else {
            throw WireError(code: .truncated, layer: .vlan, offset: offset)
        }
        header = bytes.extracting(offset..<(offset &+ Self.length))
    }

    /// The tag control information as sent: PCP, DEI and VLAN ID.
    @inlinable public var tagControl: UInt16 { header.uint16BE(at: Field.tagControl) }
    /// VLAN identifier (12 bits).
    @inlinable public var vlanID: UInt16 { tagControl & 0x0FFF }
    /// Priority code point (3 bits).
    @inlinable public var priority: UInt8 { UInt8(truncatingIfNeeded: tagControl >> 13) }
    /// Drop eligible indicator.
    @inlinable public var dropEligible: Bool { tagControl & 0x1000 != 0 }
    /// The EtherType (or next TPID) after the tag.
    @inlinable public var etherType: UInt16 { header.uint16BE(at: Field.etherType) }
}
