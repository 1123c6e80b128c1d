import Glibc
import NetworkTypes

/// Owns one socket descriptor; closes it exactly once.
public final class TunnelSocket {
    public let descriptor: Int32
    /// True for a raw socket whose packets carry our own outer IP header.
    public let includesIPHeader: Bool

    private init(descriptor: Int32, includesIPHeader: Bool) {
        self.descriptor = descriptor
        self.includesIPHeader = includesIPHeader
    }

    deinit { close(descriptor) }

    /// A raw socket for IP protocol `protocolNumber` (47 GRE, 17 UDP). With
    /// `includeIPHeader` we build the outer IP header (and fragments)
    /// ourselves (IP_HDRINCL / IPV6_HDRINCL). Needs root or CAP_NET_RAW.
    public static func raw(ipv6: Bool, protocolNumber: UInt8, includeIPHeader: Bool) throws(TransportError) -> TunnelSocket {
        let fd = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
                        Int32(protocolNumber))
        guard fd >= 0 else {
            let code = errno
            if code == EPERM || code == EACCES {
                throw TransportError(operation: "socket", errno: code, message:
                    "raw IP protocol \(protocolNumber) sockets need root (CAP_NET_RAW): run as root, or use a UDP "
                    + "encapsulation (vxlan, gre-udp) which works without it")
            }
            throw TransportError(operation: "socket", errno: code, message: "cannot open a raw socket: \(errorText(code))")
        }
        let socket = TunnelSocket(descriptor: fd, includesIPHeader: includeIPHeader)
        if includeIPHeader {
            var on: Int32 = 1
            let level = ipv6 ? Int32(IPPROTO_IPV6) : Int32(IPPROTO_IP)
            let option = ipv6 ? Int32(36) /* IPV6_HDRINCL */ : IP_HDRINCL
            guard unsafe setsockopt(fd, level, option, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
                let code = errno
                throw TransportError(operation: "setsockopt", errno: code,
                                     message: "cannot build our own IP headers on a raw socket: \(errorText(code))")
            }
        }
        return socket
    }

    /// A UDP socket (no privileges needed), optionally bound to `local`.
    public static func udp(ipv6: Bool, bindTo local: SocketAddress? = nil) throws(TransportError) -> TunnelSocket {
        let fd = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            let code = errno
            throw TransportError(operation: "socket", errno: code, message: "cannot open a UDP socket: \(errorText(code))")
        }
        let socket = TunnelSocket(descriptor: fd, includesIPHeader: false)
        var on: Int32 = 1
        _ = unsafe setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var large: Int32 = 4 << 20
        _ = unsafe setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &large, socklen_t(MemoryLayout<Int32>.size))
        _ = unsafe setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &large, socklen_t(MemoryLayout<Int32>.size))
        if let local { try socket.bind(local) }
        return socket
    }

    public func bind(_ local: SocketAddress) throws(TransportError) {
        let result = unsafe local.withSockaddr { pointer, length in
            unsafe Glibc.bind(descriptor, pointer.assumingMemoryBound(to: sockaddr.self), length)
        }
        guard result == 0 else {
            let code = errno
            throw TransportError(operation: "bind", errno: code,
                                 message: "cannot listen on \(local.address) port \(local.port): \(errorText(code))")
        }
    }

    public func connect(_ remote: SocketAddress) throws(TransportError) {
        let result = unsafe remote.withSockaddr { pointer, length in
            unsafe Glibc.connect(descriptor, pointer.assumingMemoryBound(to: sockaddr.self), length)
        }
        guard result == 0 else {
            let code = errno
            throw TransportError(operation: "connect", errno: code,
                                 message: "cannot send to \(remote.address) port \(remote.port): \(errorText(code))")
        }
    }

    /// Lets the kernel fragment datagrams larger than the path MTU (no DF bit).
    public func allowFragmentation(ipv6: Bool) {
        // IP_PMTUDISC_DONT / IPV6_PMTUDISC_DONT (0); IPV6_MTU_DISCOVER is 23.
        if ipv6 { setOption(Int32(IPPROTO_IPV6), 23, 0) } else { setOption(Int32(IPPROTO_IP), IP_MTU_DISCOVER, 0) }
    }

    /// Sets the outer TTL/hop limit and DSCP of datagrams the kernel builds.
    public func setOuterFields(ipv6: Bool, timeToLive: UInt8, dscp: UInt8) {
        if ipv6 {
            setOption(Int32(IPPROTO_IPV6), IPV6_UNICAST_HOPS, Int32(timeToLive))
            setOption(Int32(IPPROTO_IPV6), IPV6_TCLASS, Int32(dscp) << 2)
        } else {
            setOption(Int32(IPPROTO_IP), IP_TTL, Int32(timeToLive))
            setOption(Int32(IPPROTO_IP), IP_TOS, Int32(dscp) << 2)
        }
    }

    /// Sets an integer socket option (best effort: the defaults remain on failure).
    private func setOption(_ level: Int32, _ option: Int32, _ value: Int32) {
        var value = value
        _ = unsafe setsockopt(descriptor, level, option, &value, socklen_t(MemoryLayout<Int32>.size))
    }
}

func errorText(_ code: Int32) -> String {
    guard let text = unsafe strerror(code) else { return "errno \(code)" }
    return unsafe String(cString: text)
}
