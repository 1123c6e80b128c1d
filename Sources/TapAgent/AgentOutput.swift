import PacketCore
import TapVocabulary
import TunnelTransport

/// Where the agent's copies go: the network (`TunnelSender`, the default) or a capture file of what
/// would be sent (`--write-encap`). One output type, so the agent has one pipeline type and no
/// parallel branches; the choice costs one switch per copy, no dynamic dispatch.
final class AgentOutput: TunnelOutput {
    enum Sink {
        case network(TunnelSender)
        case file(TunnelPcapOutput)
    }

    let sink: Sink

    init(_ sink: Sink) { self.sink = sink }

    var destinations: [TunnelDestination] {
        switch sink {
        case .network(let sender): sender.destinations
        case .file(let file): file.destinations
        }
    }

    var counters: [DestinationCounters] {
        switch sink {
        case .network(let sender): sender.counters
        case .file(let file): file.counters
        }
    }

    @discardableResult
    func send(_ frame: RawSpan, to index: Int, flowHash: UInt32, timestamp: CaptureTimestamp) -> Bool {
        switch sink {
        case .network(let sender): sender.send(frame, to: index, flowHash: flowHash, timestamp: timestamp)
        case .file(let file): file.send(frame, to: index, flowHash: flowHash, timestamp: timestamp)
        }
    }

    func flush() throws(TransportError) {
        switch sink {
        case .network(let sender): sender.flush()
        case .file(let file): try file.flush()
        }
    }

    /// Finishes a capture file (nothing to do for the network).
    func close() throws(CaptureFileError) {
        if case .file(let file) = sink { try file.close() }
    }
}
