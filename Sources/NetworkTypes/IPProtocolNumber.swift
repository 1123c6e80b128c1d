/// IANA protocol numbers used across the suite (IPv4 `protocol`, IPv6 `next header`).
public enum IPProtocolNumber {
    /// IPv6 Hop-by-Hop Options extension header (RFC 8200).
    public static let hopByHop: UInt8 = 0
    /// ICMP for IPv4 (RFC 792).
    public static let icmp: UInt8 = 1
    /// IGMP (RFC 1112).
    public static let igmp: UInt8 = 2
    /// TCP (RFC 9293).
    public static let tcp: UInt8 = 6
    /// UDP (RFC 768).
    public static let udp: UInt8 = 17
    /// IPv6 Routing extension header (RFC 8200).
    public static let ipv6Route: UInt8 = 43
    /// IPv6 Fragment extension header (RFC 8200).
    public static let ipv6Fragment: UInt8 = 44
    /// GRE (RFC 2784): also the IP protocol of ERSPAN.
    public static let gre: UInt8 = 47
    /// IPsec Encapsulating Security Payload (RFC 4303).
    public static let esp: UInt8 = 50
    /// IPsec Authentication Header (RFC 4302); in IPv6 it is walked like an extension header.
    public static let ah: UInt8 = 51
    /// ICMP for IPv6 (RFC 4443).
    public static let icmpv6: UInt8 = 58
    /// IPv6 No Next Header: nothing follows (RFC 8200).
    public static let ipv6NoNext: UInt8 = 59
    /// IPv6 Destination Options extension header (RFC 8200).
    public static let ipv6DestinationOptions: UInt8 = 60
    /// SCTP (RFC 9260).
    public static let sctp: UInt8 = 132

    /// Names accepted in policies and printed in reports (`tcp`, `udp`, …).
    public static let names: [String: UInt8] = [
        "icmp": icmp, "igmp": igmp, "tcp": tcp, "udp": udp, "gre": gre, "esp": esp, "ah": ah,
        "icmpv6": icmpv6, "ipv6-icmp": icmpv6, "sctp": sctp,
    ]

    /// The short lower-case name of a protocol number, or its decimal value.
    public static func name(of number: UInt8) -> String {
        switch number {
        case icmp: "icmp"
        case igmp: "igmp"
        case tcp: "tcp"
        case udp: "udp"
        case gre: "gre"
        case esp: "esp"
        case ah: "ah"
        case icmpv6: "icmpv6"
        case sctp: "sctp"
        default: String(number)
        }
    }
}
