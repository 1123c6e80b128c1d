import NetworkTypes
import PacketCore

/// What makes two packets part of the same unidirectional flow: the 5-tuple
/// plus the VLAN and the interface the packet was seen on.
///
/// IPv4 addresses are stored in the low 32 bits of the 128-bit fields, with
/// `ipVersion` telling the families apart. For ICMP and ICMPv6 the source port
/// is 0 and the destination port carries `type << 8 | code`, as softflowd,
/// nfdump and Cisco exporters do. Size 44 bytes, stride 48.
public struct FlowKey: Hashable, Sendable {
    /// The source address: IPv6's 128 bits, or IPv4's in the low 32.
    public var sourceAddress: UInt128
    /// The destination address: IPv6's 128 bits, or IPv4's in the low 32.
    public var destinationAddress: UInt128
    /// The ingress interface index (see `FlowCache.observe`).
    public var interfaceIndex: UInt32
    /// The TCP/UDP source port; 0 for ICMP and protocols without ports.
    public var sourcePort: UInt16
    /// The TCP/UDP destination port; for ICMP type << 8 | code; 0 for protocols without ports.
    public var destinationPort: UInt16
    /// VLAN ID of the outermost tag, 0 when untagged.
    public var vlanID: UInt16
    /// `IPProtocolNumber` of the transport.
    public var ipProtocol: UInt8
    /// 4 or 6.
    public var ipVersion: UInt8

    /// A key with the given fields; an IPv4 address must be in the low 32 bits with `ipVersion` 4.
    @inlinable
    public init(
        sourceAddress: UInt128,
        destinationAddress: UInt128,
        sourcePort: UInt16,
        destinationPort: UInt16,
        ipProtocol: UInt8,
        ipVersion: UInt8,
        vlanID: UInt16 = 0,
        interfaceIndex: UInt32 = 0
    ) {
        self.sourceAddress = sourceAddress
        self.destinationAddress = destinationAddress
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.ipProtocol = ipProtocol
        self.ipVersion = ipVersion
        self.vlanID = vlanID
        self.interfaceIndex = interfaceIndex
    }

    /// The key of a decoded IP packet; nil for frames without an IP header.
    /// Later fragments (no transport header) get ports 0.
    @inlinable
    public init?(_ packet: DecodedPacket, interfaceIndex: UInt32) {
        guard packet.ipVersion != 0 else { return nil }
        switch packet.sourceAddress {
        case .v4(let a): sourceAddress = UInt128(a.rawValue)
        case .v6(let a): sourceAddress = a.rawValue
        }
        switch packet.destinationAddress {
        case .v4(let a): destinationAddress = UInt128(a.rawValue)
        case .v6(let a): destinationAddress = a.rawValue
        }
        ipProtocol = packet.ipProtocol
        ipVersion = packet.ipVersion
        vlanID = packet.vlanID ?? 0  // the export formats' "no VLAN"
        self.interfaceIndex = interfaceIndex
        if !packet.hasTransport {
            sourcePort = 0
            destinationPort = 0
        } else if packet.ipProtocol == IPProtocolNumber.icmp || packet.ipProtocol == IPProtocolNumber.icmpv6 {
            sourcePort = 0
            destinationPort = UInt16(packet.icmpType) << 8 | UInt16(packet.icmpCode)
        } else {
            sourcePort = packet.sourcePort
            destinationPort = packet.destinationPort
        }
    }

    /// The source address as an `IPAddress` of the key's family.
    public var source: IPAddress {
        ipVersion == 6
            ? .v6(IPv6Address(rawValue: sourceAddress))
            : .v4(IPv4Address(rawValue: UInt32(truncatingIfNeeded: sourceAddress)))
    }
    /// The destination address as an `IPAddress` of the key's family.
    public var destination: IPAddress {
        ipVersion == 6
            ? .v6(IPv6Address(rawValue: destinationAddress))
            : .v4(IPv4Address(rawValue: UInt32(truncatingIfNeeded: destinationAddress)))
    }

    /// Field-by-field equality (cheaper than the synthesised memcmp for a
    /// 44-byte key on the flow cache's hot path).
    @inlinable
    public static func == (a: FlowKey, b: FlowKey) -> Bool {
        a.sourceAddress == b.sourceAddress && a.destinationAddress == b.destinationAddress
            && a.packedPortsAndProtocol == b.packedPortsAndProtocol && a.interfaceIndex == b.interfaceIndex
    }

    /// Hashes the fields `==` compares.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(sourceAddress)
        hasher.combine(destinationAddress)
        hasher.combine(packedPortsAndProtocol)
        hasher.combine(interfaceIndex)
    }

    /// Ports, VLAN, protocol and IP version in one word.
    @inlinable
    var packedPortsAndProtocol: UInt64 {
        UInt64(sourcePort) << 48 | UInt64(destinationPort) << 32 | UInt64(vlanID) << 16 | UInt64(ipProtocol) << 8
            | UInt64(ipVersion)
    }

    /// A fast, seeded hash for the flow cache's own table (not `Hasher`,
    /// whose SipHash costs more than the rest of a flow update).
    @inlinable
    func tableHash(seed: UInt64) -> UInt64 {
        @inline(__always) func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let product = a.multipliedFullWidth(by: b)
            return product.high ^ product.low
        }
        let ports = packedPortsAndProtocol
        var h = mix(
            UInt64(truncatingIfNeeded: sourceAddress) ^ seed,
            UInt64(truncatingIfNeeded: sourceAddress >> 64) ^ 0x9E37_79B9_7F4A_7C15
        )
        h = mix(
            h ^ UInt64(truncatingIfNeeded: destinationAddress),
            UInt64(truncatingIfNeeded: destinationAddress >> 64) ^ 0xBF58_476D_1CE4_E5B9
        )
        h = mix(h ^ ports, UInt64(interfaceIndex) ^ 0x94D0_49BB_1331_11EB)
        return h
    }
}
