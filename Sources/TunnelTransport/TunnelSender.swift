import CTunnelSockets
import GRE
import Glibc
import PacketCore
import TapVocabulary

/// Sends frames to many destinations at once, each with its own encapsulation,
/// key/session/VNI, sequence counter, socket, rate cap and counters.
///
/// Packets are queued per destination and handed to the kernel in batches
/// with sendmmsg(2) (`flush()` sends what is queued). No allocation per frame:
/// encoding and queueing use buffers made once.
public final class TunnelSender {
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
    private var queues: [SendQueue]
    private let sockets: [TunnelSocket]
    private let addresses: [SocketAddress]

    /// Opens one socket per destination. Throws a `TransportError` that says
    /// what to do when a raw socket is not allowed (not root).
    public init(destinations: [TunnelDestination], batchSize: Int = 32) throws(TransportError) {
        self.destinations = destinations
        self.states = destinations.map(DestinationEncoder.init)
        self.delivered = Array(repeating: DestinationCounters(), count: destinations.count)
        self.queues = destinations.map { _ in SendQueue(capacity: min(max(batchSize, 1), Int(VTGR_MAX_BATCH))) }
        var sockets: [TunnelSocket] = []
        var addresses: [SocketAddress] = []
        for destination in destinations {
            let ipv6 = destination.isIPv6
            switch destination.transport {
            case .raw:
                let protocolNumber: UInt8 = destination.encapsulation.usesUDP ? 17 : 47
                sockets.append(try TunnelSocket.raw(ipv6: ipv6, protocolNumber: protocolNumber, includeIPHeader: true))
                addresses.append(SocketAddress(address: destination.address))
            case .datagram:
                guard let port = destination.encapsulation.udpPort else {
                    throw TransportError(operation: "socket", errno: 0, message:
                        "destination \(destination.name): \(destination.encapsulation.name) is not carried in UDP, use the raw transport")
                }
                let socket = try TunnelSocket.udp(ipv6: ipv6, bindTo: SocketAddress(address: destination.outerSource))
                let remote = SocketAddress(address: destination.address, port: port)
                try socket.connect(remote)
                socket.setOuterFields(
                    ipv6: ipv6, timeToLive: destination.timeToLive ?? TunnelDestination.defaultTimeToLive,
                    dscp: destination.dscp ?? 0)
                if destination.oversize == .fragment { socket.allowFragmentation(ipv6: ipv6) }
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
        return states[index].encode(frame, flowHash: flowHash, timestamp: timestamp, now: Self.monotonicNanoseconds,
                                    udpPayloadOnly: datagram) { packet, _ in enqueue(packet, to: index) }
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
        let count = queues[index].count
        guard count > 0 else { return }
        let socket = sockets[index]
        let useAddress = destinations[index].transport == .raw
        let sent = unsafe queues[index].withBatch { bases, lengths in
            if useAddress {
                return unsafe addresses[index].withSockaddr { address, length in
                    unsafe vtgr_send_batch(socket.descriptor, bases, lengths, Int32(count), address, length)
                }
            }
            return unsafe vtgr_send_batch(socket.descriptor, bases, lengths, Int32(count), nil, 0)
        }
        let accepted = max(Int(sent), 0)
        delivered[index].packets += accepted
        delivered[index].bytes += queues[index].bytes(ofFirst: accepted)
        delivered[index].sendErrors += count - accepted
        queues[index].removeAll()
    }

    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        unsafe clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}

/// Packets waiting for one sendmmsg call, copied into one buffer made once.
struct SendQueue {
    private var storage: [UInt8]
    private var offsets: [Int]
    private var lengths: [UInt32]
    private var used = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        self.storage = [UInt8](repeating: 0, count: 256 * 1024)
        self.offsets = []
        self.offsets.reserveCapacity(capacity)
        self.lengths = []
        self.lengths.reserveCapacity(capacity)
    }

    var count: Int { offsets.count }
    var isFull: Bool { offsets.count >= capacity }
    func fits(_ length: Int) -> Bool { used + length <= storage.count || offsets.isEmpty }

    mutating func append(_ packet: RawSpan) {
        let length = packet.byteCount
        if used + length > storage.count { storage = [UInt8](repeating: 0, count: used + length) }
        let start = used
        unsafe packet.withUnsafeBytes { source in
            unsafe storage.withUnsafeMutableBytes { target in
                if length > 0 { unsafe (target.baseAddress! + start).copyMemory(from: source.baseAddress!, byteCount: length) }
            }
        }
        offsets.append(start)
        lengths.append(UInt32(length))
        used += length
    }

    func bytes(ofFirst count: Int) -> Int {
        var total = 0
        for index in 0..<min(count, lengths.count) { total += Int(lengths[index]) }
        return total
    }

    mutating func removeAll() {
        offsets.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        used = 0
    }

    /// Calls `body` with pointers to each queued packet and their lengths.
    mutating func withBatch(_ body: (UnsafePointer<UnsafePointer<UInt8>?>, UnsafePointer<UInt32>) -> Int32) -> Int32 {
        let offsets = self.offsets
        return unsafe storage.withUnsafeBytes { raw in
            let base = unsafe raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            return unsafe withUnsafeTemporaryAllocation(of: UnsafePointer<UInt8>?.self, capacity: Int(VTGR_MAX_BATCH)) { pointers in
                // An index loop: `enumerated()` allocates its iterator in debug builds (once per flush).
                var slot = 0
                while slot < offsets.count {
                    unsafe pointers[slot] = UnsafePointer(base + offsets[slot])
                    slot += 1
                }
                return unsafe lengths.withUnsafeBufferPointer { lengthPointer in
                    unsafe body(UnsafePointer(pointers.baseAddress!), lengthPointer.baseAddress!)
                }
            }
        }
    }
}
