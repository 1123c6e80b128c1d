import NetworkTypes
import PacketCore

/// The per-flow hash that picks VXLAN and GRE-in-UDP source ports (RFC 7348 §5,
/// RFC 8086 §3.2.1): the same for both directions of a flow is not required,
/// the same for every packet of one direction is.
public enum FlowEntropy {
    /// Hash of the inner 5-tuple (addresses, protocol, ports); for non-IP frames, of the MACs and EtherType.
    @inlinable
    public static func hash(_ packet: DecodedPacket) -> UInt32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        if packet.isIP {
            h = mix(h, addressBits(packet.sourceAddress))
            h = mix(h, addressBits(packet.destinationAddress))
            h = mix(
                h,
                UInt64(packet.ipProtocol) << 32 | UInt64(packet.sourcePort) << 16 | UInt64(packet.destinationPort)
            )
        } else {
            h = mix(h, packet.sourceMAC.rawValue)
            h = mix(h, packet.destinationMAC.rawValue)
            h = mix(h, UInt64(packet.etherType))
        }
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }

    // A plain function rather than a closure over `h`: a capturing local
    // function would box `h` on the heap in unoptimised builds.
    @inlinable @inline(__always)
    static func mix(_ h: UInt64, _ value: UInt64) -> UInt64 {
        let m = (h ^ value) &* 0x0000_0100_0000_01B3
        return m ^ (m >> 29)
    }

    @inlinable
    static func addressBits(_ address: IPAddress) -> UInt64 {
        switch address {
        case .v4(let a): UInt64(a.rawValue)
        case .v6(let a): UInt64(truncatingIfNeeded: a.rawValue >> 64) ^ UInt64(truncatingIfNeeded: a.rawValue)
        }
    }
}
