/// Receives the flows a `FlowCache` ends. Generic (not an existential) so
/// that the cache's hot path is specialised and allocation-free.
public protocol FlowSink {
    mutating func flowEnded(_ record: FlowRecord)
}

/// A sink that keeps every ended flow in an array (tests, small tools).
public struct FlowRecordCollector: FlowSink, Sendable {
    public var records: [FlowRecord] = []
    public init() {}
    public mutating func flowEnded(_ record: FlowRecord) { records.append(record) }
}
