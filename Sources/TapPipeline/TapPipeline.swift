import GRE
import PacketCore
import Policy
import TunnelTransport

/// The tap: PacketCore decode → Policy decision → encapsulation per chosen
/// destination → a `TunnelOutput` (the network, or a pcap of what would be sent).
///
/// Embeddable: the agent feeds it frames from live capture, `tapctl tap`
/// from a file. No allocation per frame: decoding, matching and encoding use
/// owned values and reusable buffers. A value type, generic over its output,
/// so the per-frame path has no dynamic dispatch and no exclusivity checks.
public struct TapPipeline<Output: TunnelOutput> {
    /// The compiled policy every frame is decided by.
    public let policy: CompiledPolicy
    /// Where encapsulated frames go, one output slot per policy destination, in the policy's order.
    public let output: Output
    /// The counters so far without per-rule hits (``snapshot`` adds them).
    public private(set) var statistics: TapStatistics
    private let decoder = PacketDecoder()
    private var ruleHits: [Int]
    private var samplingCounters: [Int]
    private let samplingRates: [Int]

    /// `output` must have been built from `policy`'s destinations, in order
    /// (`TapDestinations.make(from:)`).
    public init(policy: CompiledPolicy, output: Output) {
        precondition(
            output.destinations.count == policy.destinations.count,
            "the output's destinations must be the policy's, in order"
        )
        self.policy = policy
        self.output = output
        self.statistics = TapStatistics()
        self.ruleHits = Array(repeating: 0, count: policy.policy.rules.count)
        self.samplingRates = policy.destinations.map { max($0.sampling, 1) }
        self.samplingCounters = Array(repeating: 0, count: policy.destinations.count)
        self.statistics.sampledOut = Array(repeating: 0, count: policy.destinations.count)
    }

    /// Decodes, decides and ships one frame (the offline tap's entry: the frame is decoded here).
    public mutating func process(_ frame: RawSpan, linkType: LinkType, wireLength: Int, timestamp: CaptureTimestamp) {
        var packet = DecodedPacket()
        var decodeFailed = false
        do throws(WireError) {
            try decoder.decode(frame, linkType: linkType, wireLength: wireLength, into: &packet)
        } catch {
            decodeFailed = true
        }
        process(frame, decoded: packet, decodeFailed: decodeFailed, timestamp: timestamp)
    }

    /// Decides and ships one frame the caller already decoded into `packet` (the live agent
    /// decodes each frame once, for ownership, flows and this). `decodeFailed`: the decoder threw;
    /// the frame is still decided on what `packet` holds, and counted in `decodeErrors`.
    public mutating func process(
        _ frame: RawSpan,
        decoded packet: DecodedPacket,
        decodeFailed: Bool,
        timestamp: CaptureTimestamp
    ) {
        statistics.frames += 1
        if decodeFailed { statistics.decodeErrors += 1 }
        let decision = policy.decide(packet)
        switch decision.outcome {
        case .ownTunnel: statistics.ownTunnel += 1
        case .defaultAction: statistics.defaultHits += 1
        case .rule(let index): ruleHits[index] += 1
        }
        guard decision.taps else { return }
        statistics.tapped += 1
        let flowHash = FlowEntropy.hash(packet)
        for index in decision.destinations {
            let rate = samplingRates[index]
            if rate > 1 {
                samplingCounters[index] += 1
                guard samplingCounters[index] % rate == 1 else {
                    statistics.sampledOut[index] += 1
                    continue
                }
            }
            output.send(frame, to: index, flowHash: flowHash, timestamp: timestamp)
        }
    }

    /// Pushes out buffered packets and returns the statistics with per-rule hits.
    public mutating func finish() throws(TransportError) -> TapStatistics {
        try output.flush()
        return snapshot
    }

    /// The statistics so far with per-rule hits; changes nothing (packets still queued in the
    /// output are not flushed).
    public var snapshot: TapStatistics {
        var result = statistics
        result.rules = zip(policy.policy.rules, ruleHits).map { TapStatistics.Rule(name: $0.name, hits: $1) }
        return result
    }
}
