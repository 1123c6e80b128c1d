import Synchronization

/// What the console's flow collector has done so far (served at `/api/v1/flows/collector`).
public struct FlowIngestStatus: Sendable, Codable, Hashable {
    /// The collector's UDP address (`HOST:PORT`), empty when it is not running.
    public var listening = ""
    public var datagrams: UInt64 = 0
    public var malformedDatagrams: UInt64 = 0
    public var flowRecords: UInt64 = 0
    /// Flow records whose counts were multiplied by a sampling interval.
    public var estimatedFlowRecords: UInt64 = 0
    /// Flow records written to the rollup tables (as 1-minute rows).
    public var flowRecordsWritten: UInt64 = 0
    public var minuteRowsWritten: UInt64 = 0
    public var writeFailures: UInt64 = 0
    /// Datagrams the kernel dropped at the collector's socket (`/proc/net/udp`), nil when unreadable.
    public var kernelDrops: UInt64?
    public var lastFlushAt: Int64?
    public var lastExpiryAt: Int64?
    public var expiredRows: UInt64 = 0

    public init() {}
}

/// The collector's status, shared between the collector and the API.
public final class FlowIngestCounters: Sendable {
    private let state = Mutex(FlowIngestStatus())

    public init() {}

    public var status: FlowIngestStatus { state.withLock { $0 } }

    func update(_ body: (inout FlowIngestStatus) -> Void) { state.withLock { body(&$0) } }
}
