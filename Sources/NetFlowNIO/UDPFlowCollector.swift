import NIOCore
import NIOPosix
import NetFlow

/// A UDP NetFlow/IPFIX collector on a SwiftNIO datagram channel, adding every
/// decoded flow to a `FlowSummary`.
///
/// ```swift
/// let collector = try await UDPFlowCollector.start(host: "127.0.0.1", port: 2055)
/// try await collector.waitForRecords(1000)       // or sleep for a duration
/// let (summary, stats) = try await collector.snapshot()
/// try await collector.stop()
/// ```
public final class UDPFlowCollector: Sendable {
    /// The bound UDP channel; closing it (``stop()``) ends collection.
    public let channel: any Channel
    private let handler: NIOLoopBound<FlowCollectorHandler<FlowSummary>>

    /// The bound address (useful with port 0).
    public var localAddress: SocketAddress? { channel.localAddress }

    private init(channel: any Channel, handler: NIOLoopBound<FlowCollectorHandler<FlowSummary>>) {
        self.channel = channel
        self.handler = handler
    }

    /// Binds `host:port` (port 0 picks a free one) with a large receive buffer.
    public static func start(
        host: String,
        port: Int,
        summary: FlowSummary = FlowSummary(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> UDPFlowCollector {
        let eventLoop = group.next()
        let handler = try await eventLoop.submit {
            NIOLoopBound(FlowCollectorHandler(sink: summary), eventLoop: eventLoop)
        }.get()
        let channel = try await DatagramBootstrap(group: eventLoop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(.so_rcvbuf), value: 8 << 20)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(handler.value)
                }
            }
            .bind(host: host, port: port).get()
        return UDPFlowCollector(channel: channel, handler: handler)
    }

    /// Returns when at least `count` flow records have been decoded.
    public func waitForRecords(_ count: UInt64) async throws {
        let handler = self.handler
        let future = channel.eventLoop.flatSubmit {
            handler.value.recordLimit = count
            return handler.value.limitReached(on: handler.eventLoop)
        }
        try await future.get()
    }

    /// Milliseconds since the last datagram arrived; nil before the first.
    public func millisecondsSinceLastDatagram() async throws -> Int64? {
        let handler = self.handler
        let last = try await channel.eventLoop.submit { handler.value.lastDatagramMilliseconds }.get()
        guard last != 0 else { return nil }
        return Int64(NIODeadline.now().uptimeNanoseconds / 1_000_000) - last
    }

    /// A copy of the summary and the decoder's statistics so far.
    public func snapshot() async throws -> (summary: FlowSummary, statistics: CollectorStatistics) {
        let handler = self.handler
        return try await channel.eventLoop.submit { (handler.value.sink, handler.value.decoder.statistics) }.get()
    }

    /// Ends decoding (data still waiting for a template is counted as
    /// dropped, see `FlowMessageDecoder.finish()`) and returns the summary,
    /// statistics, per-exporter sequence tracking and the milliseconds from
    /// the first datagram to the last (0 with fewer than two).
    public func finish() async throws -> (
        summary: FlowSummary, statistics: CollectorStatistics, exporters: [ExporterSequence], busyMilliseconds: Int64
    ) {
        let handler = self.handler
        return try await channel.eventLoop.submit {
            handler.value.decoder.finish()
            let h = handler.value
            return (
                h.sink, h.decoder.statistics, h.decoder.exporterSequences,
                h.lastDatagramMilliseconds - h.firstDatagramMilliseconds
            )
        }.get()
    }

    /// Closes the channel: no datagram is decoded after this returns. The summary is not finished; call ``finish()``
    /// first to count data still waiting for a template.
    public func stop() async throws {
        try await channel.close()
    }
}
