import CTunnelSockets
import GRE
import Glibc
import NetworkTypes
import PacketCore

/// Receives tunnel packets on raw GRE sockets and UDP ports, in batches
/// (recvmmsg), and hands each one to a handler with what is needed to decode it.
///
/// `@safe`: its one raw buffer never escapes; handlers see it as a `RawSpan`
/// valid only during the call.
@safe public final class TunnelReceiver {
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
        var socket: TunnelSocket
    }

    private let open: [Open]
    /// `batch` receive buffers of `capacity` bytes, allocated once, freed in deinit.
    private let storage: UnsafeMutableRawPointer
    private var lengths: [UInt32]
    private var addresses: [UInt8]
    private static let batch = 32
    private static let capacity = 65_536 + 64
    private static let addressStride = 128  // sizeof(struct sockaddr_storage)

    /// Opens every listener; throws a `TransportError` that explains missing privileges.
    public init(listeners: [TunnelListener]) throws(TransportError) {
        var open: [Open] = []
        for listener in listeners {
            switch listener {
            case .gre(let address):
                let ipv6: Bool = if case .v6 = address { true } else { false }
                let socket = try TunnelSocket.raw(ipv6: ipv6, protocolNumber: 47, includeIPHeader: false)
                if address != .v4(IPv4Address(rawValue: 0)) { try socket.bind(SocketAddress(address: address)) }
                open.append(Open(listener: listener, socket: socket))
            case .vxlan(let address, let port), .greInUDP(let address, let port), .geneve(let address, let port):
                let ipv6: Bool = if case .v6 = address { true } else { false }
                open.append(Open(listener: listener, socket: try TunnelSocket.udp(ipv6: ipv6, bindTo: SocketAddress(address: address, port: port))))
            }
        }
        self.open = open
        unsafe self.storage = UnsafeMutableRawPointer.allocate(byteCount: Self.batch * Self.capacity, alignment: 16)
        self.lengths = [UInt32](repeating: 0, count: Self.batch)
        self.addresses = [UInt8](repeating: 0, count: Self.batch * Self.addressStride)
    }

    /// Waits up to `timeoutMilliseconds` for traffic, then delivers every
    /// waiting datagram to `handler`. Returns how many were delivered.
    public func receive(
        timeoutMilliseconds: Int32, _ handler: (Datagram, RawSpan, CaptureTimestamp) -> Void
    ) throws(TransportError) -> Int {
        var polls = open.map { pollfd(fd: $0.socket.descriptor, events: Int16(POLLIN), revents: 0) }
        let ready = unsafe poll(&polls, nfds_t(polls.count), timeoutMilliseconds)
        if ready < 0 {
            let code = errno
            if code == EINTR { return 0 }
            throw TransportError(operation: "poll", errno: code, message: "waiting for tunnel traffic failed: \(errorText(code))")
        }
        guard ready > 0 else { return 0 }
        var delivered = 0
        for (index, entry) in open.enumerated() where polls[index].revents & Int16(POLLIN) != 0 {
            let count = try receiveBatch(entry.socket.descriptor)
            let now = Self.now()
            for slot in 0..<count {
                let length = Int(lengths[slot])
                let source = unsafe addresses.withUnsafeBytes { raw in
                    unsafe SocketAddress(storage: UnsafeRawBufferPointer(rebasing: raw[(slot * Self.addressStride)..<((slot + 1) * Self.addressStride)]))
                }
                let datagram: Datagram
                switch entry.listener {
                case .gre(let address):
                    if case .v6 = address {
                        datagram = .grePayload(source: source?.address ?? address)
                    } else {
                        datagram = .ipPacket
                    }
                case .vxlan(_, let port), .greInUDP(_, let port), .geneve(_, let port):
                    datagram = .udpPayload(source: source?.address ?? .v4(IPv4Address(rawValue: 0)),
                                           sourcePort: source?.port ?? 0, port: port)
                }
                let bytes = unsafe RawSpan(_unsafeStart: storage + slot * Self.capacity, byteCount: min(length, Self.capacity))
                handler(datagram, bytes, now)
                delivered += 1
            }
        }
        return delivered
    }

    deinit { unsafe storage.deallocate() }

    private func receiveBatch(_ descriptor: Int32) throws(TransportError) -> Int {
        let result: Int32 = unsafe withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<UInt8>?.self, capacity: Self.batch) { pointers in
            for slot in 0..<Self.batch {
                unsafe pointers[slot] = unsafe (storage + slot * Self.capacity).assumingMemoryBound(to: UInt8.self)
            }
            return unsafe lengths.withUnsafeMutableBufferPointer { lengthPointer in
                unsafe addresses.withUnsafeMutableBytes { addressBytes in
                    unsafe vtgr_receive_batch(descriptor, UnsafePointer(pointers.baseAddress!), UInt32(Self.capacity),
                                              lengthPointer.baseAddress!, Int32(Self.batch), addressBytes.baseAddress!,
                                              UInt32(Self.addressStride))
                }
            }
        }
        if result < 0 {
            throw TransportError(operation: "recvmmsg", errno: -result, message: "receiving tunnel traffic failed: \(errorText(-result))")
        }
        return Int(result)
    }

    static func now() -> CaptureTimestamp {
        var now = timespec()
        unsafe clock_gettime(CLOCK_REALTIME, &now)
        return CaptureTimestamp(seconds: Int64(now.tv_sec), nanoseconds: UInt32(now.tv_nsec))
    }
}
