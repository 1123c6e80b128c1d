import GRE
import Glibc
import PacketCore
import Sockets
import TapVocabulary

/// Sends frames to many destinations at once, each with its own encapsulation,
/// key/session/VNI, sequence counter, socket, rate cap and counters.
///
/// Packets are queued per destination and handed to the kernel in batches
/// with sendmmsg(2) through the `Sockets` layer (`flush()` sends what is queued). No
/// allocation per frame: encoding and queueing use buffers made once. With
/// `whenFull: .drop` (the live agent's capture thread) no send waits: a batch that finds
/// the socket's send buffer full is dropped and counted (`droppedBusy`).
public final class TunnelSender {
    /// The destinations, in the order `send`'s `index` refers to.
    public let destinations: [TunnelDestination]
    /// Per destination: frames, truncation, fragmentation and cap drops from its encoder,
    /// packets, bytes and send errors as the kernel took them.
    public var counters: [DestinationCounters] {
        zip(states, delivered).map { encoder, delivered in
            var counters = encoder.counters
            counters.add(delivered)
            return counters
        }
    }
    private var states: [DestinationEncoder]
    /// What `flush` handed to the kernel, kept apart from `states`: a flush can happen while
    /// a destination's encoder is being used in place (from inside its `encode`).
    private var delivered: [DestinationCounters]
    private var queues: [DatagramBatch]
    private let sockets: [DatagramSocket]
    private let addresses: [SocketAddress]
    private let whenFull: SendPolicy

    /// Opens one socket per destination. Throws a `TransportError` that says
    /// what to do when a raw socket is not allowed (not root). `whenFull` says whether a
    /// full send buffer makes `flush` wait (`.wait`, replaying a file) or drop (`.drop`).
    public init(
        destinations: [TunnelDestination],
        batchSize: Int = 32,
        whenFull: SendPolicy = .wait
    ) throws(TransportError) {
        self.destinations = destinations
        self.states = destinations.map(DestinationEncoder.init)
        self.delivered = Array(repeating: DestinationCounters(), count: destinations.count)
        self.queues = destinations.map { _ in DatagramBatch(capacity: batchSize) }
        self.whenFull = whenFull
        var sockets: [DatagramSocket] = []
        var addresses: [SocketAddress] = []
        for destination in destinations {
            let ipv6 = destination.isIPv6
            switch destination.transport {
            case .raw:
                let protocolNumber: UInt8 = destination.encapsulation.usesUDP ? 17 : 47
                sockets.append(
                    try DatagramSocket.tunnelRaw(ipv6: ipv6, protocolNumber: protocolNumber, includeIPHeader: true)
                )
                addresses.append(SocketAddress(address: destination.address))
            case .datagram:
                guard let port = destination.encapsulation.udpPort else {
                    throw TransportError(
                        operation: "socket",
                        errno: 0,
                        message:
                            "destination \(destination.name): \(destination.encapsulation.name) is not carried in UDP, use the raw transport"
                    )
                }
                let socket = try DatagramSocket.tunnelUDP(
                    ipv6: ipv6,
                    bindTo: SocketAddress(address: destination.outerSource)
                )
                let remote = SocketAddress(address: destination.address, port: port)
                try socket.tunnelConnect(remote)
                socket.setOuterFields(
                    timeToLive: destination.timeToLive ?? TunnelDestination.defaultTimeToLive,
                    dscp: destination.dscp ?? 0
                )
                if destination.oversize == .fragment { socket.allowFragmentation() }
                sockets.append(socket)
                addresses.append(remote)
            }
        }
        self.sockets = sockets
        self.addresses = addresses
    }

    /// Encapsulates `frame` for destination `index` and queues it (sending the
    /// batch when full). Returns false when the rate cap dropped it.
    @discardableResult
    public func send(_ frame: RawSpan, to index: Int, flowHash: UInt32 = 0, timestamp: CaptureTimestamp) -> Bool {
        // One mutating call reaches the encoder in place (reading `states[index].encoder` for a
        // non-mutating call copied the whole encoder, retaining its buffers, per frame).
        let datagram = destinations[index].transport == .datagram
        return states[index].encode(
            frame,
            flowHash: flowHash,
            timestamp: timestamp,
            now: Self.monotonicNanoseconds,
            udpPayloadOnly: datagram
        ) { packet, _ in enqueue(packet, to: index) }
    }

    /// Sends everything queued.
    public func flush() {
        for index in destinations.indices { flush(index) }
    }

    private func enqueue(_ packet: RawSpan, to index: Int) {
        if !queues[index].fits(packet.byteCount) { flush(index) }
        queues[index].append(packet)
        if queues[index].isFull { flush(index) }
    }

    private func flush(_ index: Int) {
        guard !queues[index].isEmpty else { return }
        // Raw sockets are not connected: each call names the destination.
        let address: SocketAddress? = destinations[index].transport == .raw ? addresses[index] : nil
        let result = sockets[index].send(queues[index], to: address, whenFull: whenFull)
        delivered[index].packets += result.sent
        delivered[index].bytes += result.bytes
        delivered[index].sendErrors += result.failed
        delivered[index].droppedBusy += result.droppedBusy
        queues[index].removeAll()
    }

    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        unsafe clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}
