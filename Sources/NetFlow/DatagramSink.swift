/// Where an exporter puts each finished datagram (a UDP socket, a file, an
/// array in a test). The bytes are valid only during the call.
public protocol DatagramSink {
    /// Takes one finished datagram; the bytes are valid only during the call (copy them to keep them).
    mutating func send(_ datagram: RawSpan)
    /// Passes on what has waited long enough (a batch of datagrams, a file's buffer); a
    /// long-running exporter calls it from its loop. Does nothing by default.
    mutating func flushIfDue()
}

extension DatagramSink {
    /// Nothing is held back.
    public mutating func flushIfDue() {}
}

/// Keeps every datagram (tests, `--write` to a file).
public struct DatagramCollector: DatagramSink, Sendable {
    /// Every datagram received, copied, in order.
    public var datagrams: [[UInt8]] = []
    /// An empty collector.
    public init() {}
    /// Appends a copy of `datagram`.
    public mutating func send(_ datagram: RawSpan) {
        var copy = [UInt8](repeating: 0, count: datagram.byteCount)
        for i in 0..<datagram.byteCount { copy[i] = datagram.byteAt(i) }
        datagrams.append(copy)
    }
}
