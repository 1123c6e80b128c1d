import Glibc
import NetFlow
import NetworkTypes
import Sockets

/// Sends export datagrams to one collector through the `Sockets` layer: a `DatagramSink`, so a
/// `FlowExporter` can write straight into it.
///
/// Datagrams are copied into a `DatagramBatch` (made once: no allocation per datagram) and handed
/// to the kernel with sendmmsg when `batchSize` are queued, when the oldest queued one is
/// `maximumDelayMilliseconds` old at the next send or `flushIfDue()`, or on `waitForWrites()` / `close()`.
/// With `whenFull: .drop` (the default; the live agent's capture thread) no send waits: datagrams
/// that find the send buffer full are dropped and counted in `droppedBusy`.
/// The socket is connected to the collector, so ICMP errors reported on it count in `sendErrors`.
public struct UDPDatagramSender: DatagramSink {
    /// The socket, connected to `remote`.
    public let socket: DatagramSocket
    /// The collector.
    public let remote: SocketAddress
    /// Datagrams queued before a send.
    public let batchSize: Int
    /// What a send does when the socket's buffer is full.
    public let whenFull: SendPolicy
    /// A queued datagram is sent at the next `send` once it is this old.
    public var maximumDelayMilliseconds: Int64 = 100
    /// Datagrams the kernel took.
    public private(set) var datagramsSent: UInt64 = 0
    /// Bytes of the datagrams the kernel took.
    public private(set) var bytesSent: UInt64 = 0
    /// Datagrams the kernel refused (e.g. ICMP port unreachable reported on the socket).
    public private(set) var sendErrors: UInt64 = 0
    /// Datagrams dropped because the send buffer was full (`whenFull: .drop`).
    public private(set) var droppedBusy: UInt64 = 0
    private var batch: DatagramBatch
    private var oldestQueuedMilliseconds: Int64 = 0

    /// Opens a UDP socket of the collector's address family with a 4 MiB send buffer and connects
    /// it to `host` (an address or a name) and `port`. Throws `FlowTransportError` with the reason.
    public static func open(
        host: String,
        port: Int,
        batchSize: Int = 32,
        whenFull: SendPolicy = .drop
    ) throws(FlowTransportError) -> UDPDatagramSender {
        guard let portNumber = UInt16(exactly: port) else { throw FlowTransportError("port \(port) is out of range") }
        guard let remote = SocketAddress(host: host, port: portNumber) else {
            throw FlowTransportError("cannot resolve collector host \(host)")
        }
        do throws(Errno) {
            let ipv6: Bool = if case .v6 = remote.address { true } else { false }
            let socket = try DatagramSocket(.udp, ipv6: ipv6)
            try? socket.setOption(.sendBufferSize, to: 4 << 20)
            try socket.connect(remote)
            return UDPDatagramSender(socket: socket, remote: remote, batchSize: batchSize, whenFull: whenFull)
        } catch {
            throw FlowTransportError("cannot open a UDP socket to \(remote): \(error)")
        }
    }

    private init(socket: DatagramSocket, remote: SocketAddress, batchSize: Int, whenFull: SendPolicy) {
        self.socket = socket
        self.remote = remote
        self.batch = DatagramBatch(capacity: batchSize, bytes: 128 * 1024)
        self.batchSize = batch.capacity
        self.whenFull = whenFull
    }

    /// The address and port the datagrams leave from, as the collector sees them (the connected
    /// socket's local address). Nil when it cannot be told.
    public func wireSource() -> ExporterID? {
        guard let local = try? socket.localAddress() else { return nil }
        return ExporterID(address: local.address, port: local.port)
    }

    /// Queues `datagram`, sending the batch when it is full or its oldest datagram is old enough.
    public mutating func send(_ datagram: RawSpan) {
        if !batch.fits(datagram.byteCount) { sendQueued() }
        let now = Self.monotonicMilliseconds()
        if batch.isEmpty { oldestQueuedMilliseconds = now }
        batch.append(datagram)
        if batch.isFull || now - oldestQueuedMilliseconds >= maximumDelayMilliseconds { sendQueued() }
    }

    /// Sends the queued batch when its oldest datagram has waited `maximumDelayMilliseconds`
    /// (an exporter's loop calls it, so that a quiet exporter's last datagrams still leave).
    public mutating func flushIfDue() {
        guard !batch.isEmpty, Self.monotonicMilliseconds() - oldestQueuedMilliseconds >= maximumDelayMilliseconds else {
            return
        }
        sendQueued()
    }

    /// Sends everything queued (the name says what the caller waits for: nothing is left queued).
    public mutating func waitForWrites() {
        sendQueued()
    }

    /// Sends what is queued; the socket closes when the last copy of this sender goes away.
    public mutating func close() {
        sendQueued()
    }

    private mutating func sendQueued() {
        guard !batch.isEmpty else { return }
        let result = socket.send(batch, whenFull: whenFull)
        datagramsSent &+= UInt64(result.sent)
        bytesSent &+= UInt64(result.bytes)
        sendErrors &+= UInt64(result.failed)
        droppedBusy &+= UInt64(result.droppedBusy)
        batch.removeAll()
    }

    private static func monotonicMilliseconds() -> Int64 {
        var now = timespec()
        unsafe clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) &* 1000 &+ Int64(now.tv_nsec / 1_000_000)
    }
}
