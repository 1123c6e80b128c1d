import ConsoleFlows
import ConsoleStore
import Foundation
import Inventory
import Logging
import NIOCore
import NIOPosix
import NetFlow
import NetFlowNIO
import ServiceLifecycle

/// The console's NetFlow/IPFIX collector: a UDP socket decoding v5, v9 and IPFIX from any exporter
/// (templates per exporter and observation domain, counts multiplied by announced sampling
/// intervals) into a `FlowRollupAggregator` that names endpoints with the console's stored
/// estate. Every `flowFlushIntervalSeconds` the rows are handed to the store in one transaction
/// (1 min, 5 min, 1 h tables); the rollup tables are expired every `flowExpiryIntervalSeconds`.
/// On a graceful stop the socket is closed first and what it accepted is written.
public final class FlowCollectorService: Service, Sendable {
    /// The console the flows are stored in.
    public let core: ConsoleCore
    /// The bound UDP channel.
    public let channel: any Channel
    private let handler: NIOLoopBound<FlowCollectorHandler<FlowRollupAggregator>>
    private let logger: Logger

    /// The bound UDP port (useful with port 0).
    public var port: Int { channel.localAddress?.port ?? 0 }

    private init(
        core: ConsoleCore,
        channel: any Channel,
        handler: NIOLoopBound<FlowCollectorHandler<FlowRollupAggregator>>,
        logger: Logger
    ) {
        self.core = core
        self.channel = channel
        self.handler = handler
        self.logger = logger
    }

    /// Binds `host:port` (0 picks a free port) with an 8 MiB receive buffer.
    public static func bind(
        core: ConsoleCore,
        host: String,
        port: Int,
        logger: Logger = Logger(label: "virtualtap.console.flows")
    ) async throws -> FlowCollectorService {
        let estate = (try? await core.estate()) ?? .empty
        let attributor = FlowInventoryAttributor(snapshot: estate)
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let handler = try await eventLoop.submit {
            NIOLoopBound(
                FlowCollectorHandler(sink: FlowRollupAggregator(attributor: attributor)),
                eventLoop: eventLoop
            )
        }.get()
        let channel = try await DatagramBootstrap(group: eventLoop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(.so_rcvbuf), value: 16 << 20)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler.value) }
            }
            .bind(host: host, port: port).get()
        let service = FlowCollectorService(core: core, channel: channel, handler: handler, logger: logger)
        service.lastEstate.withLock { $0 = estate }
        service.attribution.withLock { $0 = attributor }
        core.flowIngest.update { $0.listening = "\(host):\(service.port)" }
        return service
    }

    private let lastEstate = SendableBox<InventorySnapshot>(.empty)
    /// What the inventory said of each address over the last `attributionHistoryMilliseconds`:
    /// a flow that arrives after the estate changed (a VM migrated, an address moved) is named
    /// as the inventory was at the flow's start.
    private let attribution = SendableBox(FlowInventoryAttributor())
    /// How far back attribution follows the inventory's changes: flows whose start is older than
    /// this when they arrive are named with the inventory as it was then or later.
    public static let attributionHistoryMilliseconds: Int64 = 24 * 3_600_000

    /// Flushes every `flowFlushIntervalSeconds` and expires old rollup rows every `flowExpiryIntervalSeconds` until a
    /// graceful shutdown or cancellation; then closes the socket and writes what it accepted.
    public func run() async throws {
        let flush = core.configuration.flowFlushIntervalSeconds
        let expiry = core.configuration.flowExpiryIntervalSeconds
        var sinceExpiry = Double.infinity
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(flush * 1000)))
            await self.flush()
            sinceExpiry += flush
            if sinceExpiry >= expiry {
                sinceExpiry = 0
                await expire()
            }
        }
        try? await channel.close()
        await self.flush(final: true)
    }

    /// Hands the aggregated rows to the store (and follows a changed estate).
    public func flush(final: Bool = false) async {
        let estate = (try? await core.estate()) ?? lastEstate.withLock { $0 }
        let changed = lastEstate.withLock { old in
            defer { old = estate }
            return old != estate
        }
        var attributor: FlowInventoryAttributor?
        if changed {
            let now = ConsoleClock.nowMilliseconds()
            attributor = attribution.withLock { history in
                history.follow(estate, since: now)
                history.forget(before: now - Self.attributionHistoryMilliseconds)
                return history
            }
        }
        let handler = self.handler
        let drained = try? await channel.eventLoop.submit {
            let h = handler.value
            if final { h.decoder.finish() }
            let rows = h.sink.drain()
            let flows = h.sink.flowsAdded
            if let attributor { h.sink = FlowRollupAggregator(attributor: attributor) }
            return (rows, flows, h.decoder.statistics, h.sink.estimatedFlowsAdded)
        }.get()
        guard let drained else { return }
        let (rows, _, statistics, _) = drained
        let recordsInRows = rows.reduce(UInt64(0)) { $0 &+ $1.counts.flows }
        let estimated = rows.reduce(UInt64(0)) { $0 &+ $1.counts.estimatedFlows }
        do {
            try await core.store.addFlowRollups(rows)
            core.flowIngest.update {
                $0.flowRecordsWritten &+= recordsInRows
                $0.minuteRowsWritten &+= UInt64(rows.count)
            }
        } catch {
            core.flowIngest.update { $0.writeFailures &+= 1 }
            logger.error("flow rollups: \(String(reflecting: error))")
        }
        let drops = UDPSocketDrops.read(port: port)
        core.flowIngest.update {
            $0.datagrams = statistics.datagrams
            $0.malformedDatagrams = statistics.malformedDatagrams
            $0.flowRecords = statistics.flowRecords
            $0.estimatedFlowRecords &+= estimated
            if drops != nil || !final { $0.kernelDrops = drops ?? $0.kernelDrops }
            $0.lastFlushAt = ConsoleClock.nowMilliseconds()
        }
    }

    /// Removes the rows older than each table's retention.
    public func expire() async {
        do {
            let removed = try await core.store.expireFlowRollups(
                retention: core.configuration.flowRetention,
                now: ConsoleClock.nowMilliseconds() / 1000
            )
            core.flowIngest.update {
                $0.expiredRows &+= UInt64(removed.values.reduce(0, +))
                $0.lastExpiryAt = ConsoleClock.nowMilliseconds()
            }
        } catch {
            logger.error("flow rollup expiry: \(String(reflecting: error))")
        }
    }
}
