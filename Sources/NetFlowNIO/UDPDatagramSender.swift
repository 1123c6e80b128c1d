import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NetFlow

/// Sends export datagrams to one collector over a SwiftNIO UDP channel. A
/// `DatagramSink`, so a `FlowExporter` can write straight into it.
///
/// Every `flushInterval` datagrams the sender waits until the previous writes
/// have left the socket, so a fast exporter cannot queue without bound.
public struct UDPDatagramSender: DatagramSink {
    public let channel: any Channel
    public let remote: SocketAddress
    public var flushInterval = 32
    public private(set) var datagramsSent: UInt64 = 0
    public private(set) var bytesSent: UInt64 = 0
    /// Write errors (e.g. ICMP port unreachable reported on the socket).
    public private(set) var sendErrors: UInt64 = 0
    private var lastWrite: EventLoopFuture<Void>?
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

    public mutating func send(_ datagram: RawSpan) {
        var buffer = channel.allocator.buffer(capacity: datagram.byteCount)
        buffer.writeBytes(datagram)
        let write = channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: buffer))
        let errors = self.errors
        write.whenFailure { _ in errors.withLockedValue { $0 += 1 } }
        lastWrite = write
        datagramsSent &+= 1
        bytesSent &+= UInt64(datagram.byteCount)
        if datagramsSent % UInt64(flushInterval) == 0 { waitForWrites() }
    }

    /// Blocks until every datagram handed over so far has been written.
    public mutating func waitForWrites() {
        _ = try? lastWrite?.wait()
        sendErrors = errors.withLockedValue { $0 }
    }

    public mutating func close() async throws {
        waitForWrites()
        try await channel.close()
    }
}
