import Sockets

extension DatagramSocket {
    /// A raw socket for IP protocol `protocolNumber` (47 GRE, 17 UDP). With `includeIPHeader` we
    /// build the outer IP header (and fragments) ourselves. Needs root or CAP_NET_RAW; the error
    /// says what to do without it.
    static func tunnelRaw(
        ipv6: Bool,
        protocolNumber: UInt8,
        includeIPHeader: Bool
    ) throws(TransportError) -> DatagramSocket {
        let socket: DatagramSocket
        do throws(Errno) { socket = try DatagramSocket(.raw(protocolNumber: protocolNumber), ipv6: ipv6) } catch {
            if error.isPermissionProblem {
                throw TransportError(
                    operation: "socket",
                    errno: error.rawValue,
                    message:
                        "raw IP protocol \(protocolNumber) sockets need root (CAP_NET_RAW): run as root, or use a UDP "
                        + "encapsulation (vxlan, gre-udp) which works without it"
                )
            }
            throw TransportError(
                operation: "socket",
                errno: error.rawValue,
                message: "cannot open a raw socket: \(error)"
            )
        }
        if includeIPHeader {
            do throws(Errno) { try socket.setOption(.headerIncluded(ipv6: ipv6), to: 1) } catch {
                throw TransportError(
                    operation: "setsockopt",
                    errno: error.rawValue,
                    message: "cannot build our own IP headers on a raw socket: \(error)"
                )
            }
        }
        return socket
    }

    /// A UDP socket (no privileges needed) with 4 MiB buffers, optionally bound to `local`.
    static func tunnelUDP(ipv6: Bool, bindTo local: SocketAddress? = nil) throws(TransportError) -> DatagramSocket {
        let socket: DatagramSocket
        do throws(Errno) { socket = try DatagramSocket(.udp, ipv6: ipv6) } catch {
            throw TransportError(
                operation: "socket",
                errno: error.rawValue,
                message: "cannot open a UDP socket: \(error)"
            )
        }
        // Best effort: the kernel's defaults remain when a size is refused.
        try? socket.setOption(.reuseAddress, to: 1)
        try? socket.setOption(.receiveBufferSize, to: 4 << 20)
        try? socket.setOption(.sendBufferSize, to: 4 << 20)
        if let local { try socket.tunnelBind(local) }
        return socket
    }

    /// Binds to `local`, with an error that names the address.
    func tunnelBind(_ local: SocketAddress) throws(TransportError) {
        do throws(Errno) { try bind(local) } catch {
            throw TransportError(
                operation: "bind",
                errno: error.rawValue,
                message: "cannot listen on \(local.address) port \(local.port): \(error)"
            )
        }
    }

    /// Connects to `remote`, with an error that names the address.
    func tunnelConnect(_ remote: SocketAddress) throws(TransportError) {
        do throws(Errno) { try connect(remote) } catch {
            throw TransportError(
                operation: "connect",
                errno: error.rawValue,
                message: "cannot send to \(remote.address) port \(remote.port): \(error)"
            )
        }
    }

    /// Lets the kernel fragment datagrams larger than the path MTU (no DF bit); best effort.
    func allowFragmentation() {
        try? setOption(.pathMTUDiscovery(ipv6: ipv6), to: PathMTUDiscovery.dont.rawValue)
    }

    /// Sets the outer TTL/hop limit and DSCP of datagrams the kernel builds; best effort.
    func setOuterFields(timeToLive: UInt8, dscp: UInt8) {
        try? setOption(ipv6 ? .ipv6UnicastHops : .ipv4TimeToLive, to: CInt(timeToLive))
        try? setOption(ipv6 ? .ipv6TrafficClass : .ipv4TypeOfService, to: CInt(dscp) << 2)
    }
}
