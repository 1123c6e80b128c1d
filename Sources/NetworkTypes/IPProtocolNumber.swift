/// IANA protocol numbers used across the suite (IPv4 `protocol`, IPv6 `next header`).
public enum IPProtocolNumber {
    public static let hopByHop: UInt8 = 0
    public static let icmp: UInt8 = 1
    public static let igmp: UInt8 = 2
    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let ipv6Route: UInt8 = 43
    public static let ipv6Fragment: UInt8 = 44
    public static let gre: UInt8 = 47
    public static let esp: UInt8 = 50
    public static let ah: UInt8 = 51
    public static let icmpv6: UInt8 = 58
    public static let ipv6NoNext: UInt8 = 59
    public static let ipv6DestinationOptions: UInt8 = 60
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
