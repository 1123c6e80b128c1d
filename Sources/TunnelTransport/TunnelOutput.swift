import PacketCore
import TapVocabulary

/// Where encapsulated frames go: the network (`TunnelSender`) or a capture
/// file (`TunnelPcapOutput`). The tap pipeline writes to either.
public protocol TunnelOutput: AnyObject {
    /// The destinations, in the order `send(_:to:flowHash:timestamp:)`'s `index` refers to.
    var destinations: [TunnelDestination] { get }
    /// The counters per destination, in the same order.
    var counters: [DestinationCounters] { get }
    /// Encapsulates `frame` for destination `index`; false when its rate cap dropped it.
    @discardableResult
    func send(_ frame: RawSpan, to index: Int, flowHash: UInt32, timestamp: CaptureTimestamp) -> Bool
    /// Pushes out anything buffered.
    func flush() throws(TransportError)
}

extension TunnelSender: TunnelOutput {}
