import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NetFlow

/// Sends export datagrams to one collector over a SwiftNIO UDP channel. A
/// `DatagramSink`, so a `FlowExporter` can write straight into it.
///
/// Datagrams are handed to the event loop in batches of `batchSize` (one
/// event-loop hop and one flush per batch, which lets NIO send the batch with
/// `sendmmsg`); before the next batch is handed over the sender waits until
/// the previous one has left the socket, so a fast exporter cannot queue
/// without bound. `waitForWrites()` / `close()` send what is left.
public struct UDPDatagramSender: DatagramSink {
    public let channel: any Channel
    public let remote: SocketAddress
    public var batchSize = 64
    public private(set) var datagramsSent: UInt64 = 0
    public private(set) var bytesSent: UInt64 = 0
    /// Write errors (e.g. ICMP port unreachable reported on the socket).
    public private(set) var sendErrors: UInt64 = 0
    private var batch: [AddressedEnvelope<ByteBuffer>] = []
    private var lastBatch: EventLoopFuture<Void>?
    private let errors = NIOLockedValueBox<UInt64>(0)

    init(channel: any Channel, remote: SocketAddress) {
        self.channel = channel
        self.remote = remote
    }

    /// Opens an unconnected UDP socket on an ephemeral port of the collector's address family.
    public static func open(
        host: String, port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> UDPDatagramSender {
        let remote = try SocketAddress.makeAddressResolvingHost(host, port: port)
        let local = remote.protocol == .inet6 ? "::" : "0.0.0.0"
        let channel = try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_sndbuf), value: 4 << 20)
            .bind(host: local, port: 0).get()
        return UDPDatagramSender(channel: channel, remote: remote)
    }

    /// The address and port the datagrams leave from, as a receiver sees
    /// them: the port of this socket and the source address the kernel's
    /// route to the collector picks (learned by connecting a second UDP
    /// socket, which sends nothing). Nil when either cannot be told.
    public func wireSource() async -> ExporterID? {
        guard let port = channel.localAddress?.port else { return nil }
        guard let probe = try? await DatagramBootstrap(group: channel.eventLoop)
            .connect(to: remote).get() else { return nil }
        let local = probe.localAddress
        try? await probe.close()
        guard let local, var source = ExporterID(local) else { return nil }
        source.port = UInt16(truncatingIfNeeded: port)
        return source
    }

    public mutating func send(_ datagram: RawSpan) {
        var buffer = channel.allocator.buffer(capacity: datagram.byteCount)
        buffer.writeBytes(datagram)
        batch.append(AddressedEnvelope(remoteAddress: remote, data: buffer))
        datagramsSent &+= 1
        bytesSent &+= UInt64(datagram.byteCount)
        if batch.count >= batchSize { handOver() }
    }

    /// Waits for the previous batch, then gives the current one to the event loop.
    private mutating func handOver() {
        guard !batch.isEmpty else { return }
        _ = try? lastBatch?.wait()
        let envelopes = batch
        batch.removeAll(keepingCapacity: true)
        let channel = self.channel
        let errors = self.errors
        lastBatch = channel.eventLoop.flatSubmit {
            var last: EventLoopFuture<Void> = channel.eventLoop.makeSucceededVoidFuture()
            for envelope in envelopes {
                last = channel.write(envelope)
                last.whenFailure { _ in errors.withLockedValue { $0 += 1 } }
            }
            channel.flush()
            return last
        }
    }

    /// Blocks until every datagram handed over so far has been written.
    public mutating func waitForWrites() {
        handOver()
        _ = try? lastBatch?.wait()
        sendErrors = errors.withLockedValue { $0 }
    }

    public mutating func close() async throws {
        waitForWrites()
        try await channel.close()
    }
}
