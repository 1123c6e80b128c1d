import NetworkTypes

/// An ARP packet (RFC 826): the 8-byte fixed part and the four addresses
/// whose lengths it announces.
public struct ARPPacketView: ~Escapable {
    public enum Field {
        public static let hardwareType = 0
        public static let protocolType = 2
        public static let hardwareLength = 4
        public static let protocolLength = 5
        public static let operation = 6
        public static let senderHardwareAddress = 8
    }

    public static let fixedLength = 8

    /// The fixed part and the addresses.
    public let packet: RawSpan

    /// Throws `.truncated` (layer `.arp`, at `offset`) when the fixed part or the
    /// announced addresses do not fit.
    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int) throws(WireError) {
        let available = bytes.byteCount &- offset
        guard offset >= 0, available >= Self.fixedLength else {
            throw WireError(code: .truncated, layer: .arp, offset: offset)
        }
        let hardwareLength = Int(bytes.byteAt(offset &+ Field.hardwareLength))
        let protocolLength = Int(bytes.byteAt(offset &+ Field.protocolLength))
        let length = Self.fixedLength &+ 2 &* (hardwareLength &+ protocolLength)
        guard available >= length else { throw WireError(code: .truncated, layer: .arp, offset: offset) }
        packet = bytes.extracting(offset..<(offset &+ length))
    }

    @inlinable public var hardwareType: UInt16 { packet.uint16BE(at: Field.hardwareType) }
    @inlinable public var protocolType: UInt16 { packet.uint16BE(at: Field.protocolType) }
    @inlinable public var hardwareLength: Int { Int(packet.byteAt(Field.hardwareLength)) }
    @inlinable public var protocolLength: Int { Int(packet.byteAt(Field.protocolLength)) }
    @inlinable public var operation: UInt16 { packet.uint16BE(at: Field.operation) }

    /// True for Ethernet/IPv4 ARP (6-byte hardware and 4-byte protocol addresses over IPv4).
    @inlinable public var isEthernetIPv4: Bool {
        hardwareLength == 6 && protocolLength == 4 && protocolType == EtherType.ipv4
    }

    /// Sender and target protocol addresses of an Ethernet/IPv4 ARP packet (check `isEthernetIPv4`).
    @inlinable public var ipv4Addresses: AddressPair<IPv4Address> {
        AddressPair(
            source: IPv4Address(rawValue: packet.uint32BE(at: 14)),
            destination: IPv4Address(rawValue: packet.uint32BE(at: 24))
        )
    }
}
