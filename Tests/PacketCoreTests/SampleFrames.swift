import PacketCore
import Testing

/// Annotated sample frames, one or more per protocol the decoder handles.
/// Built with Scapy (Debian python3-scapy) and checked by tshark in
/// `SampleFramesTsharkTests` (same layers, no malformed, good checksums).
/// Addresses: MACs 02:00:0a:01:00:01 → :02, IPv4 198.18.0.1 → .2, IPv6 2001:db8::1 → ::2.
enum SampleFrames {
    struct Sample: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var layers: DecodedLayers
        var testDescription: String { name }
    }

    static let macHeader: [UInt8] = [
        0x02, 0x00, 0x0a, 0x01, 0x00, 0x02,  // destination 02:00:0a:01:00:02
        0x02, 0x00, 0x0a, 0x01, 0x00, 0x01,  // source 02:00:0a:01:00:01
    ]

    /// Ethernet broadcast + ARP who-has 198.18.0.2 tell 198.18.0.1 (42 bytes, no padding).
    static let arpRequest: [UInt8] = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x0a, 0x01, 0x00, 0x01,  // broadcast ← 02:00:0a:01:00:01
        0x08, 0x06,  // EtherType ARP
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,  // hw Ethernet, proto IPv4, hlen 6, plen 4, op request
        0x02, 0x00, 0x0a, 0x01, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x01,  // sender MAC, sender IP 198.18.0.1
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc6, 0x12, 0x00, 0x02,  // target MAC (unknown), target IP 198.18.0.2
    ]

    /// 802.1Q (PCP 5, VID 100) + IPv4 (DF, id 0x1234) + UDP 40000 → 53 with 4 payload bytes.
    static let vlanIPv4UDP: [UInt8] =
        macHeader + [
            0x81, 0x00, 0xa0, 0x64,  // TPID 802.1Q, PCP 5, DEI 0, VID 100
            0x08, 0x00,  // EtherType IPv4
            0x45, 0x00, 0x00, 0x20,  // version 4, IHL 5, TOS 0, total length 32
            0x12, 0x34, 0x40, 0x00,  // id 0x1234, DF, offset 0
            0x40, 0x11, 0x9c, 0x71,  // TTL 64, protocol UDP, header checksum 0x9c71
            0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02,  // 198.18.0.1 → 198.18.0.2
            0x9c, 0x40, 0x00, 0x35, 0x00, 0x0c, 0xc4, 0x04,  // UDP 40000 → 53, length 12, checksum 0xc404
            0x12, 0x34, 0x01, 0x00,  // payload
        ]

    /// 802.1ad S-tag (VID 300) + 802.1Q C-tag (VID 42) + IPv4 + TCP SYN with 20 bytes of options.
    static let qinqIPv4TCPOptions: [UInt8] =
        macHeader + [
            0x88, 0xa8, 0x01, 0x2c,  // TPID 802.1ad, VID 300
            0x81, 0x00, 0x00, 0x2a,  // TPID 802.1Q, VID 42
            0x08, 0x00,  // EtherType IPv4
            0x45, 0x00, 0x00, 0x3c,  // version 4, IHL 5, total length 60
            0x00, 0x07, 0x00, 0x00,  // id 7, no flags
            0x3f, 0x06, 0xef, 0x8d,  // TTL 63, protocol TCP, checksum 0xef8d
            0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02,  // 198.18.0.1 → 198.18.0.2
            0xc7, 0x38, 0x01, 0xbb,  // TCP 51000 → 443
            0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00,  // seq 1000, ack 0
            0xa0, 0x02, 0xfa, 0xf0,  // data offset 10 (40 bytes), flags SYN, window 64240
            0xf4, 0x0a, 0x00, 0x00,  // checksum 0xf40a, urgent 0
            0x02, 0x04, 0x05, 0xb4,  // MSS 1460
            0x04, 0x02,  // SACK permitted
            0x08, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,  // timestamps 1, 0
            0x01, 0x03, 0x03, 0x07,  // NOP, window scale 7
        ]

    /// IPv4 with a router-alert option (IHL 6) + ICMP echo request id 0x55 seq 1.
    static let ipv4OptionsICMPEcho: [UInt8] =
        macHeader + [
            0x08, 0x00,  // EtherType IPv4
            0x46, 0x00, 0x00, 0x24,  // version 4, IHL 6 (24 bytes), total length 36
            0x00, 0x09, 0x00, 0x00,  // id 9
            0x01, 0x01, 0x98, 0xa4,  // TTL 1, protocol ICMP, checksum 0x98a4
            0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02,  // 198.18.0.1 → 198.18.0.2
            0x94, 0x04, 0x00, 0x00,  // option: router alert
            0x08, 0x00, 0x18, 0xd9,  // ICMP type 8 (echo request), code 0, checksum
            0x00, 0x55, 0x00, 0x01,  // id 0x55, seq 1
            0x70, 0x69, 0x6e, 0x67,  // "ping"
        ]

    /// First IPv4 fragment (MF, offset 0) of a 56-byte UDP datagram: the UDP
    /// length (56) describes more than this fragment carries.
    static let ipv4FirstFragmentUDP: [UInt8] =
        macHeader + [
            0x08, 0x00,  // EtherType IPv4
            0x45, 0x00, 0x00, 0x2c,  // total length 44
            0x42, 0x42, 0x20, 0x00,  // id 0x4242, MF, offset 0
            0x40, 0x11, 0x8c, 0x57,  // TTL 64, UDP, checksum 0x8c57
            0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02,
            0x08, 0x01, 0x02, 0xbc, 0x00, 0x38, 0x4a, 0x7b,  // UDP 2049 → 700, length 56
        ] + [UInt8](repeating: 0x41, count: 16)

    /// A later IPv4 fragment (MF, offset 24): no transport header.
    static let ipv4LaterFragment: [UInt8] =
        macHeader + [
            0x08, 0x00,
            0x45, 0x00, 0x00, 0x2c,  // total length 44
            0x42, 0x42, 0x20, 0x03,  // id 0x4242, MF, offset 3 × 8 = 24
            0x40, 0x11, 0x8c, 0x54,
            0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02,
        ] + [UInt8](repeating: 0x41, count: 24)

    /// IPv6 → hop-by-hop (8) → routing type 0 (24) → destination options (8) → TCP PSH/ACK with "hi".
    static let ipv6ExtensionsTCP: [UInt8] =
        macHeader + [
            0x86, 0xdd,  // EtherType IPv6
            0x62, 0x81, 0x23, 0x45,  // version 6, traffic class 0x28, flow label 0x12345
            0x00, 0x3e, 0x00, 0x40,  // payload length 62, next header hop-by-hop, hop limit 64
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,  // 2001:db8::1
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,  // 2001:db8::2
            0x2b, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,  // hop-by-hop: next routing, length 8, PadN
            // routing: next dest-opts, length 24, type 0, segments left 0
            0x3c, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,  //   address 2001:db8::2
            0x06, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,  // destination options: next TCP, length 8, PadN
            0x84, 0xd0, 0x00, 0x16,  // TCP 34000 → 22
            0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x06,  // seq 5, ack 6
            0x50, 0x18, 0x01, 0xf5,  // data offset 5, flags PSH ACK, window 501
            0x65, 0x06, 0x00, 0x00,  // checksum, urgent 0
            0x68, 0x69,  // "hi"
        ]

    /// IPv6 + fragment header (offset 0, M, id 0xabcdef) + UDP 5353 → 5353 claiming 1008 bytes.
    static let ipv6FirstFragmentUDP: [UInt8] =
        macHeader + [
            0x86, 0xdd,
            0x60, 0x00, 0x00, 0x00,  // version 6
            0x00, 0x20, 0x2c, 0x40,  // payload length 32, next header fragment, hop limit 64
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
            0x11, 0x00, 0x00, 0x01, 0x00, 0xab, 0xcd, 0xef,  // fragment: next UDP, offset 0, M, id 0x00abcdef
            0x14, 0xe9, 0x14, 0xe9, 0x03, 0xf0, 0x64, 0x8d,  // UDP 5353 → 5353, length 1008
        ] + [UInt8](repeating: 0x42, count: 16)

    /// IPv6 + ICMPv6 echo request id 1 seq 2 "abcd".
    static let ipv6ICMPv6Echo: [UInt8] =
        macHeader + [
            0x86, 0xdd,
            0x60, 0x00, 0x00, 0x00,
            0x00, 0x0c, 0x3a, 0xff,  // payload length 12, next header ICMPv6, hop limit 255
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
            0x80, 0x00, 0x5f, 0x7a,  // type 128 (echo request), code 0, checksum
            0x00, 0x01, 0x00, 0x02,  // id 1, seq 2
            0x61, 0x62, 0x63, 0x64,  // "abcd"
        ]

    static let all: [Sample] = [
        Sample(name: "arpRequest", bytes: arpRequest, layers: [.ethernet, .arp]),
        Sample(name: "vlanIPv4UDP", bytes: vlanIPv4UDP, layers: [.ethernet, .vlan, .ipv4, .udp]),
        Sample(name: "qinqIPv4TCPOptions", bytes: qinqIPv4TCPOptions, layers: [.ethernet, .vlan, .qinq, .ipv4, .tcp]),
        Sample(name: "ipv4OptionsICMPEcho", bytes: ipv4OptionsICMPEcho, layers: [.ethernet, .ipv4, .icmp]),
        Sample(name: "ipv4FirstFragmentUDP", bytes: ipv4FirstFragmentUDP, layers: [.ethernet, .ipv4, .fragment, .udp]),
        Sample(name: "ipv4LaterFragment", bytes: ipv4LaterFragment, layers: [.ethernet, .ipv4, .fragment]),
        Sample(name: "ipv6ExtensionsTCP", bytes: ipv6ExtensionsTCP, layers: [.ethernet, .ipv6, .ipv6Extensions, .tcp]),
        Sample(
            name: "ipv6FirstFragmentUDP",
            bytes: ipv6FirstFragmentUDP,
            layers: [.ethernet, .ipv6, .ipv6Extensions, .fragment, .udp]
        ),
        Sample(name: "ipv6ICMPv6Echo", bytes: ipv6ICMPv6Echo, layers: [.ethernet, .ipv6, .icmpv6]),
    ]
}

extension PacketDecoder {
    /// Decodes bytes held in an array (tests): the packet and the error, if any.
    func decode(_ bytes: ArraySlice<UInt8>, wireLength: Int?) -> (DecodedPacket, WireError?) {
        var packet = DecodedPacket()
        var failure: WireError?
        bytes.withUnsafeBytes { raw in
            do throws(WireError) {
                try decode(raw.bytes, linkType: .ethernet, wireLength: wireLength, into: &packet)
            } catch { failure = error }
        }
        return (packet, failure)
    }
}
