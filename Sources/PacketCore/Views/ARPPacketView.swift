import NetworkTypes

/// An ARP packet (RFC 826): the 8-byte fixed part and the four addresses
/// whose lengths it announces.
public struct ARPPacketView: ~Escapable {
    /// Byte offsets of the fixed part's fields.
    public enum Field {
        /// 16-bit hardware type (1: Ethernet).
        public static let hardwareType = 0
        /// 16-bit protocol type (0x0800: IPv4).
        public static let protocolType = 2
        /// 8-bit length of a hardware address.
        public static let hardwareLength = 4
        /// 8-bit length of a protocol address.
        public static let protocolLength = 5
        /// 16-bit operation (1 request, 2 reply).
        public static let operation = 6
        /// The first address: the sender's hardware address.
        public static let senderHardwareAddress = 8
    }

    /// The fixed part's length in bytes, before the addresses.
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

    /// The hardware type (1: Ethernet).
    @inlinable public var hardwareType: UInt16 { packet.uint16BE(at: Field.hardwareType) }
    /// The protocol type (0x0800: IPv4).
    @inlinable public var protocolType: UInt16 { packet.uint16BE(at: Field.protocolType) }
    /// The length of each hardware address in bytes (6 for Ethernet).
    @inlinable public var hardwareLength: Int { Int(packet.byteAt(Field.hardwareLength)) }
    /// The length of each protocol address in bytes (4 for IPv4).
    @inlinable public var protocolLength: Int { Int(packet.byteAt(Field.protocolLength)) }
    /// The operation: 1 request, 2 reply.
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
