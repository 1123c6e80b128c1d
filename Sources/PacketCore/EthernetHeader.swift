import NetworkTypes

/// An owned Ethernet II header, optionally with one 802.1Q tag.
public struct EthernetHeader: Hashable, Sendable {
    /// The destination MAC.
    public var destination: MACAddress
    /// The source MAC.
    public var source: MACAddress
    /// 802.1Q VLAN ID to tag the frame with, or nil for an untagged frame.
    public var vlanID: UInt16?
    /// The EtherType of the payload (after the tag, when there is one).
    public var etherType: UInt16

    /// A header from `source` to `destination` carrying `etherType`, tagged with `vlanID` when given.
    public init(destination: MACAddress, source: MACAddress, vlanID: UInt16? = nil, etherType: UInt16) {
        self.destination = destination
        self.source = source
        self.vlanID = vlanID
        self.etherType = etherType
    }

    /// 14 bytes, or 18 with a tag.
    @inlinable public var encodedLength: Int { vlanID == nil ? 14 : 18 }

    /// Writes the header. Traps if `out` has less than `encodedLength` bytes free.
    public func emit(into out: inout OutputRawSpan) {
        out.appendMAC(destination)
        out.appendMAC(source)
        if let vlanID {
            unsafe out.append(EtherType.vlan.bigEndian, as: UInt16.self)
            unsafe out.append((vlanID & 0x0FFF).bigEndian, as: UInt16.self)
        }
        unsafe out.append(etherType.bigEndian, as: UInt16.self)
    }
}

extension OutputRawSpan {
    /// Appends a MAC address's six octets in wire order.
    @inlinable
    public mutating func appendMAC(_ mac: MACAddress) {
        unsafe append(UInt16(truncatingIfNeeded: mac.rawValue >> 32).bigEndian, as: UInt16.self)
        unsafe append(UInt32(truncatingIfNeeded: mac.rawValue).bigEndian, as: UInt32.self)
    }
}
