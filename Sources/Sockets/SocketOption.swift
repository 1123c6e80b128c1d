import Glibc

/// A socket option (level and name), named instead of given as a number.
public struct SocketOption: Hashable, Sendable {
    /// The protocol level (SOL_SOCKET, IPPROTO_IP, IPPROTO_IPV6).
    public var level: CInt
    /// The option's number at that level.
    public var name: CInt

    /// An option the constants below do not name.
    public init(level: CInt, name: CInt) {
        self.level = level
        self.name = name
    }

    /// SO_REUSEADDR: bind an address another socket left in TIME_WAIT or also binds.
    public static let reuseAddress = SocketOption(level: SOL_SOCKET, name: SO_REUSEADDR)
    /// SO_RCVBUF: the receive buffer size in bytes.
    public static let receiveBufferSize = SocketOption(level: SOL_SOCKET, name: SO_RCVBUF)
    /// SO_SNDBUF: the send buffer size in bytes.
    public static let sendBufferSize = SocketOption(level: SOL_SOCKET, name: SO_SNDBUF)
    /// IP_HDRINCL: packets sent on a raw IPv4 socket carry their own IP header.
    public static let ipv4HeaderIncluded = SocketOption(level: CInt(IPPROTO_IP), name: IP_HDRINCL)
    /// IPV6_HDRINCL (36 in linux/in6.h): packets sent on a raw IPv6 socket carry their own IPv6 header.
    public static let ipv6HeaderIncluded = SocketOption(level: CInt(IPPROTO_IPV6), name: 36)
    /// IP_MTU_DISCOVER: path MTU discovery for IPv4 (see `PathMTUDiscovery`).
    public static let ipv4PathMTUDiscovery = SocketOption(level: CInt(IPPROTO_IP), name: IP_MTU_DISCOVER)
    /// IPV6_MTU_DISCOVER (23 in linux/in6.h): path MTU discovery for IPv6.
    public static let ipv6PathMTUDiscovery = SocketOption(level: CInt(IPPROTO_IPV6), name: 23)
    /// IP_TTL: the time to live of IPv4 packets the kernel builds.
    public static let ipv4TimeToLive = SocketOption(level: CInt(IPPROTO_IP), name: IP_TTL)
    /// IP_TOS: the type of service byte (DSCP << 2) of IPv4 packets the kernel builds.
    public static let ipv4TypeOfService = SocketOption(level: CInt(IPPROTO_IP), name: IP_TOS)
    /// IPV6_UNICAST_HOPS: the hop limit of IPv6 packets the kernel builds.
    public static let ipv6UnicastHops = SocketOption(level: CInt(IPPROTO_IPV6), name: IPV6_UNICAST_HOPS)
    /// IPV6_TCLASS: the traffic class (DSCP << 2) of IPv6 packets the kernel builds.
    public static let ipv6TrafficClass = SocketOption(level: CInt(IPPROTO_IPV6), name: IPV6_TCLASS)

    /// Path MTU discovery for the address family.
    public static func pathMTUDiscovery(ipv6: Bool) -> SocketOption {
        ipv6 ? .ipv6PathMTUDiscovery : .ipv4PathMTUDiscovery
    }
    /// Header inclusion on a raw socket of the address family.
    public static func headerIncluded(ipv6: Bool) -> SocketOption { ipv6 ? .ipv6HeaderIncluded : .ipv4HeaderIncluded }
}

/// Values of `SocketOption.ipv4PathMTUDiscovery` / `.ipv6PathMTUDiscovery`.
public enum PathMTUDiscovery: CInt, Sendable {
    /// IP_PMTUDISC_DONT / IPV6_PMTUDISC_DONT: no DF bit; the kernel fragments what exceeds the MTU.
    case dont = 0
    /// IP_PMTUDISC_DO / IPV6_PMTUDISC_DO: DF set; oversized sends fail with EMSGSIZE.
    case `do` = 2
}
