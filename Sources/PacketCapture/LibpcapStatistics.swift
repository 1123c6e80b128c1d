/// Counters of a live capture (`pcap_stats`). On Linux they count since the
/// handle was activated; `dropped` are packets the kernel had no buffer room
/// for (raise the buffer size or read faster), `interfaceDropped` are drops
/// the interface reported.
public struct LibpcapStatistics: Hashable, Sendable {
    /// Packets that passed the filter and reached the capture buffer.
    public var received: UInt32
    /// Packets dropped for lack of buffer space.
    public var dropped: UInt32
    /// Packets dropped by the interface or its driver.
    public var interfaceDropped: UInt32

    /// Counters as given (usually from `pcap_stats`).
    public init(received: UInt32, dropped: UInt32, interfaceDropped: UInt32) {
        self.received = received
        self.dropped = dropped
        self.interfaceDropped = interfaceDropped
    }
}
