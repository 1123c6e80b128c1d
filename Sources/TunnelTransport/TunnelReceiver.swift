import GRE
import Glibc
import NetworkTypes
import PacketCore
import Sockets

/// Receives tunnel packets on raw GRE sockets and UDP ports, in batches
/// (recvmmsg through the `Sockets` layer), and hands each one to a handler with
/// what is needed to decode it. Handlers see each datagram as a `RawSpan` valid
/// only during the call.
public final class TunnelReceiver {
    /// One received datagram, described for `TunnelDecoder`.
    public enum Datagram {
        /// A whole IPv4 packet (raw IPv4 sockets deliver the IP header).
        case ipPacket
        /// A GRE packet without its IP header (raw IPv6 sockets), from `source`.
        case grePayload(source: IPAddress)
        /// A UDP payload received on `port` from `source`.
        case udpPayload(source: IPAddress, sourcePort: UInt16, port: UInt16)
    }

    private struct Open {
        var listener: TunnelListener
        var socket: DatagramSocket
    }

    private let open: [Open]
    /// The receive buffers, made once and reused for every socket.
    private let batch = ReceiveBatch(count: 32, datagramCapacity: 65_536 + 64)
    private var polls: PollSet

    /// Opens every listener; throws a `TransportError` that explains missing privileges.
    public init(listeners: [TunnelListener]) throws(TransportError) {
        var open: [Open] = []
        for listener in listeners {
            switch listener {
            case .gre(let address):
                let ipv6: Bool = if case .v6 = address { true } else { false }
                let socket = try DatagramSocket.tunnelRaw(ipv6: ipv6, protocolNumber: 47, includeIPHeader: false)
                if address != .v4(IPv4Address(rawValue: 0)) { try socket.tunnelBind(SocketAddress(address: address)) }
                open.append(Open(listener: listener, socket: socket))
            case .vxlan(let address, let port), .greInUDP(let address, let port), .geneve(let address, let port):
                let ipv6: Bool = if case .v6 = address { true } else { false }
                open.append(
                    Open(
                        listener: listener,
                        socket: try DatagramSocket.tunnelUDP(
                            ipv6: ipv6,
                            bindTo: SocketAddress(address: address, port: port)
                        )
                    )
                )
            }
        }
        self.open = open
        self.polls = PollSet(open.map { $0.socket.descriptor.rawValue })
    }

    /// Waits up to `timeoutMilliseconds` for traffic, then delivers every
    /// waiting datagram to `handler`. Returns how many were delivered.
    public func receive(
        timeoutMilliseconds: Int32,
        _ handler: (Datagram, RawSpan, CaptureTimestamp) -> Void
    ) throws(TransportError) -> Int {
        let ready: Int
        do throws(Errno) { ready = try polls.wait(timeoutMilliseconds: timeoutMilliseconds) } catch {
            throw TransportError(
                operation: "poll",
                errno: error.rawValue,
                message: "waiting for tunnel traffic failed: \(error)"
            )
        }
        guard ready > 0 else { return 0 }
        var delivered = 0
        var index = 0
        while index < open.count {
            defer { index += 1 }
            guard polls.isReadable(index) else { continue }
            let entry = open[index]
            let count: Int
            do throws(Errno) { count = try entry.socket.receive(into: batch) } catch {
                throw TransportError(
                    operation: "recvmmsg",
                    errno: error.rawValue,
                    message: "receiving tunnel traffic failed: \(error)"
                )
            }
            let now = Self.now()
            for slot in 0..<count {
                batch.withDatagram(at: slot) { bytes, source in
                    let datagram: Datagram
                    switch entry.listener {
                    case .gre(let address):
                        if case .v6 = address {
                            datagram = .grePayload(source: source?.address ?? address)
                        } else {
                            datagram = .ipPacket
                        }
                    case .vxlan(_, let port), .greInUDP(_, let port), .geneve(_, let port):
                        datagram = .udpPayload(
                            source: source?.address ?? .v4(IPv4Address(rawValue: 0)),
                            sourcePort: source?.port ?? 0,
                            port: port
                        )
                    }
                    handler(datagram, bytes, now)
                }
                delivered += 1
            }
        }
        return delivered
    }

    static func now() -> CaptureTimestamp {
        var now = timespec()
        unsafe clock_gettime(CLOCK_REALTIME, &now)
        return CaptureTimestamp(seconds: Int64(now.tv_sec), nanoseconds: UInt32(now.tv_nsec))
    }
}
