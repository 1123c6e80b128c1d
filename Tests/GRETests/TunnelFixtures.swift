import GRE
import NetworkTypes
import PacketCore
import TapVocabulary

/// Frames and destinations the tunnel tests share.
enum TunnelFixtures {
    /// An Ethernet/IPv4/UDP frame of exactly `length` bytes (at least 42), payload bytes counting up.
    static func ethernetUDP(length: Int = 128, sourcePort: UInt16 = 40_000, ttl: UInt8 = 64, seed: UInt8 = 0) -> [UInt8]
    {
        precondition(length >= 42)
        var frame: [UInt8] = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef, 0x08, 0x00]
        let ipLength = length - 14
        var ip: [UInt8] = [
            0x45, 0, UInt8(ipLength >> 8 & 0xFF), UInt8(ipLength & 0xFF), 0x12, 0x34, 0x40, 0,
            ttl, 17, 0, 0, 10, 1, 2, 3, 10, 4, 5, 6,
        ]
        var sum = InternetChecksum()
        sum.add(bytes: ip.span.bytes)
        let checksum = sum.value
        ip[10] = UInt8(checksum >> 8)
        ip[11] = UInt8(checksum & 0xFF)
        frame += ip
        let udpLength = ipLength - 20
        frame += [
            UInt8(sourcePort >> 8), UInt8(sourcePort & 0xFF), 0x00, 0x35,
            UInt8(udpLength >> 8 & 0xFF), UInt8(udpLength & 0xFF), 0, 0,
        ]
        while frame.count < length { frame.append(UInt8(truncatingIfNeeded: frame.count) &+ seed) }
        return frame
    }

    static let source4 = IPAddress.v4(IPv4Address(198, 18, 0, 1))
    static let destination4 = IPAddress.v4(IPv4Address(198, 18, 0, 2))
    static let source6 = IPAddress("2001:db8::1")!
    static let destination6 = IPAddress("2001:db8::2")!

    /// Every encapsulation with its options, as the interop tests exercise them.
    static let encapsulations: [TunnelEncapsulation] = [
        .gre(),
        .gre(key: 100),
        .gre(key: 7, sequence: true),
        .gre(sequence: true, checksum: true),
        .gre(key: 0xDEAD_BEEF, sequence: true, checksum: true),
        .erspanType2(sessionID: 7, index: 42),
        .erspanType3(sessionID: 1023, hardwareID: 5),
        .vxlan(vni: 4242),
        .greInUDP(key: 9, sequence: true, checksum: true),
        .greInUDP(),
        .geneve(vni: 0xABCDE),
    ]

    static func destination(
        _ encapsulation: TunnelEncapsulation,
        ipv6: Bool = false,
        mtu: Int = 1500,
        oversize: OversizePolicy = .truncate
    ) -> TunnelDestination {
        TunnelDestination(
            name: "test",
            address: ipv6 ? destination6 : destination4,
            source: ipv6 ? source6 : source4,
            encapsulation: encapsulation,
            mtu: mtu,
            oversize: oversize,
            timeToLive: 61,
            dscp: 10
        )
    }

    /// Encodes `frame` and returns every outer packet.
    static func encode(
        _ encoder: inout TunnelEncoder,
        _ frame: [UInt8],
        flowHash: UInt32 = 0x1234_5678,
        timestamp: CaptureTimestamp = CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 123_456_700)
    )
        -> (TunnelEncodeResult, [[UInt8]])
    {
        let result = encoder.encode(frame.span.bytes, flowHash: flowHash, timestamp: timestamp)
        var packets: [[UInt8]] = []
        for index in 0..<result.packetCount {
            packets.append(
                encoder.withPacket(index) { span in
                    var bytes = [UInt8](repeating: 0, count: span.byteCount)
                    for i in 0..<span.byteCount { bytes[i] = span.byteAt(i) }
                    return bytes
                }
            )
        }
        return (result, packets)
    }
}
