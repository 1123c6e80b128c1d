import Synchronization

/// What the console's flow collector has done so far (served at `/api/v1/flows/collector`).
public struct FlowIngestStatus: Sendable, Codable, Hashable {
    /// The collector's UDP address (`HOST:PORT`), empty when it is not running.
    public var listening = ""
    /// Datagrams decoded (as of the last flush).
    public var datagrams: UInt64 = 0
    /// Datagrams that could not be (fully) decoded.
    public var malformedDatagrams: UInt64 = 0
    /// Flow records decoded.
    public var flowRecords: UInt64 = 0
    /// Flow records whose counts were multiplied by a sampling interval.
    public var estimatedFlowRecords: UInt64 = 0
    /// Flow records written to the rollup tables (as 1-minute rows).
    public var flowRecordsWritten: UInt64 = 0
    /// 1-minute rollup rows written (each also updates the 5-minute and 1-hour rows).
    public var minuteRowsWritten: UInt64 = 0
    /// Flushes the store refused (their rows are lost).
    public var writeFailures: UInt64 = 0
    /// Datagrams the kernel dropped at the collector's socket (`/proc/net/udp`), nil when unreadable.
    public var kernelDrops: UInt64?
    /// When rows were last handed to the store, milliseconds since 1970.
    public var lastFlushAt: Int64?
    /// When old rows were last expired, milliseconds since 1970.
    public var lastExpiryAt: Int64?
    /// Rollup rows removed because they outlived their table's retention.
    public var expiredRows: UInt64 = 0

    /// A status with nothing done yet.
    public init() {}
}

/// The collector's status, shared between the collector and the API.
public final class FlowIngestCounters: Sendable {
    private let state = Mutex(FlowIngestStatus())

    /// Counters with nothing done yet.
    public init() {}

    /// A copy of the status now.
    public var status: FlowIngestStatus { state.withLock { $0 } }

    func update(_ body: (inout FlowIngestStatus) -> Void) { state.withLock { body(&$0) } }
}
