import NIOCore
import NetFlow
import NetworkTypes

/// A datagram channel handler that decodes NetFlow v5/v9/IPFIX from any
/// exporter into `sink`.
///
/// Inbound: `AddressedEnvelope<ByteBuffer>` (one UDP datagram). Malformed
/// datagrams are counted in `decoder.statistics` and skipped; the handler
/// never closes the channel for bad input. Not thread-safe: use it on its
/// channel's event loop (read results with `NIOLoopBound` or
/// `eventLoop.submit`).
public final class FlowCollectorHandler<Sink: CollectedFlowSink>: ChannelInboundHandler {
    /// One UDP datagram with the exporter's address.
    public typealias InboundIn = AddressedEnvelope<ByteBuffer>

    /// The decoder every datagram goes through; it keeps the v9/IPFIX templates per exporter and counts datagrams,
    /// records and failures in its `statistics`.
    public var decoder = FlowMessageDecoder()
    /// Receives every decoded flow record.
    public var sink: Sink
    /// Succeeded once `recordLimit` flow records have been decoded.
    public var recordLimit: UInt64?
    private var limitPromise: EventLoopPromise<Void>?
    /// Monotonic milliseconds of the last datagram (0 before the first).
    public private(set) var lastDatagramMilliseconds: Int64 = 0
    /// Monotonic milliseconds of the first datagram (0 before it): with
    /// `lastDatagramMilliseconds`, the time the collector was busy.
    public private(set) var firstDatagramMilliseconds: Int64 = 0

    /// A handler adding decoded flows to `sink`; with `recordLimit`, ``limitReached(on:)`` succeeds once that many
    /// records have been decoded.
    public init(sink: Sink, recordLimit: UInt64? = nil) {
        self.sink = sink
        self.recordLimit = recordLimit
    }

    /// A future that succeeds when `recordLimit` records have arrived.
    public func limitReached(on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        if let limitPromise { return limitPromise.futureResult }
        let promise = eventLoop.makePromise(of: Void.self)
        limitPromise = promise
        checkLimit()
        return promise.futureResult
    }

    /// Decodes one datagram into `sink` and stamps its arrival time; a malformed datagram is counted in
    /// `decoder.statistics` and dropped, and the channel stays open.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let exporter = ExporterID(envelope.remoteAddress) ?? ExporterID(address: .v4(IPv4Address(rawValue: 0)), port: 0)
        let now = Int64((NIODeadline.now().uptimeNanoseconds / 1_000_000))
        lastDatagramMilliseconds = now
        if firstDatagramMilliseconds == 0 { firstDatagramMilliseconds = now }
        do throws(NetFlowError) {
            try decoder.decode(envelope.data.readableBytesSpan, from: exporter, receivedMilliseconds: now, into: &sink)
        } catch {
            // Counted in decoder.statistics; the next datagram is decoded normally.
        }
        checkLimit()
    }

    private func checkLimit() {
        if let recordLimit, decoder.statistics.flowRecords >= recordLimit, let limitPromise {
            limitPromise.succeed()
            self.limitPromise = nil
            self.recordLimit = nil
        }
    }
}

@available(*, unavailable)
extension FlowCollectorHandler: Sendable {}
