/// Receives the flows a `FlowCache` ends. Generic (not an existential) so
/// that the cache's hot path is specialised and allocation-free.
public protocol FlowSink {
    /// Receives one ended flow.
    mutating func flowEnded(_ record: FlowRecord)
}

/// A sink that keeps every ended flow in an array (tests, small tools).
public struct FlowRecordCollector: FlowSink, Sendable {
    /// Every ended flow, in the order they ended.
    public var records: [FlowRecord] = []
    /// An empty collector.
    public init() {}
    /// Appends `record`.
    public mutating func flowEnded(_ record: FlowRecord) { records.append(record) }
}
