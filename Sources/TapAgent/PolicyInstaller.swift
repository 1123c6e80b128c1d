import Logging
import PacketCore
import Policy
import TapPipeline
import TapVocabulary
import TunnelTransport

/// Installs policies in the running agent: other threads ask through `requested` (a `LivePolicy`:
/// SIGHUP, `replacePolicy`, inventory changes), the capture thread installs the newest generation
/// at its next turn and matches every frame with `pipeline`, the one `TapPipeline` in force.
///
/// Guarantees: a frame is decided by one policy, never a mix; a new policy whose destinations are
/// the old ones keeps the old output (sockets, sequence numbers, counters); one whose destinations
/// fail to open, or that would change a `--write-encap` capture's destinations, is refused with an
/// error logged and the old policy stays. Counters of replaced pipelines are kept (`retired`).
final class PolicyInstaller {
    /// The policy asked for; any thread may replace it.
    let requested: LivePolicy
    /// The pipeline in force: the installed policy over the output of its destinations.
    private(set) var pipeline: TapPipeline<AgentOutput>
    /// Counters of pipelines retired by a policy or inventory change.
    private var retired = AgentStatistics()
    private var installedGeneration: UInt64
    private let configuration: TapAgentConfiguration
    private let logger: Logger

    /// Opens the output of `initial`'s destinations. Throws `TapAgentError` with a one-line reason.
    init(_ initial: CompiledPolicy, configuration: TapAgentConfiguration, logger: Logger) throws(TapAgentError) {
        let requested = LivePolicy(initial)
        self.requested = requested
        self.installedGeneration = requested.snapshot.generation
        self.pipeline = TapPipeline(
            policy: initial,
            output: try Self.makeOutput(for: initial, configuration: configuration)
        )
        self.configuration = configuration
        self.logger = logger
    }

    /// The policy in force.
    var policy: CompiledPolicy { pipeline.policy }

    /// Decides and ships one owned frame the agent decoded into `packet`.
    @inline(__always)
    func process(_ frame: RawSpan, decoded packet: DecodedPacket, decodeFailed: Bool, timestamp: CaptureTimestamp) {
        pipeline.process(frame, decoded: packet, decodeFailed: decodeFailed, timestamp: timestamp)
    }

    /// Installs the requested policy when a new generation was asked for since the last install.
    /// Returns true when a new policy is in force (the captures need its kernel filters).
    func installRequested() -> Bool {
        let snapshot = requested.snapshot
        guard snapshot.generation != installedGeneration else { return false }
        installedGeneration = snapshot.generation
        return install(snapshot.policy)
    }

    /// Resolves the requested policy's `vm:`/`tag:` rules against `virtualMachines` (a new
    /// inventory) and installs it at once. Returns true when it is in force.
    func resolveAndInstall(virtualMachines: [VirtualMachine]) -> Bool {
        let resolved = CompiledPolicy(requested.current.policy, virtualMachines: virtualMachines)
        installedGeneration = requested.replace(with: resolved)
        return install(resolved)
    }

    /// Swaps `compiled` in: a new pipeline over the same output when the destinations did not
    /// change (sequence numbers continue), else over new sockets. Returns false, logging why, when
    /// the old policy stays.
    private func install(_ compiled: CompiledPolicy) -> Bool {
        let destinations = TapDestinations.make(
            from: compiled,
            source: configuration.tunnelSource,
            source6: configuration.tunnelSource6,
            oversize: configuration.oversize
        )
        let keepsOutput = pipeline.output.destinations == destinations
        let output: AgentOutput
        if keepsOutput {
            output = pipeline.output
        } else {
            if configuration.encapsulatedCapturePath != nil {
                logger.error(
                    "the destinations changed; a --write-encap capture cannot change them, keeping the old policy"
                )
                return false
            }
            do { output = try Self.makeOutput(for: compiled, configuration: configuration) } catch {
                logger.error("new destinations failed, keeping the old policy", metadata: ["error": "\(error)"])
                return false
            }
        }
        try? pipeline.output.flush()
        // A kept output carries its counters on; a replaced one's are retired.
        retired.add(
            pipeline: pipeline.snapshot,
            destinations: pipeline.output.destinations,
            counters: keepsOutput ? nil : pipeline.output.counters
        )
        pipeline = TapPipeline(policy: compiled, output: output)
        return true
    }

    /// Hands buffered copies to the kernel (or the capture file).
    func flush() { try? pipeline.output.flush() }

    /// Finishes a `--write-encap` capture file (nothing to do for the network).
    func close() throws(CaptureFileError) { try pipeline.output.close() }

    /// The policy's counters now: its rules in order (hits of earlier versions of a rule included),
    /// its destinations, undecodable and own-tunnel frames, with retired pipelines'. Changes nothing.
    func statistics() -> (
        rules: [AgentStatistics.Rule], destinations: [AgentStatistics.DestinationTotals],
        undecodable: Int, ownTunnel: Int
    ) {
        var current = retired
        current.add(
            pipeline: pipeline.snapshot,
            destinations: pipeline.output.destinations,
            counters: pipeline.output.counters
        )
        let policy = pipeline.policy
        let rules = (policy.policy.rules.map(\.name) + ["default"]).map { name in
            current.rules.first { $0.name == name } ?? AgentStatistics.Rule(name: name)
        }
        let destinations = policy.destinations.compactMap { destination in
            current.destinations.first { $0.name == destination.name }
        }
        return (rules, destinations, current.undecodable, current.ownTunnel)
    }

    /// The output for `compiled`'s destinations: new sockets, or the `--write-encap` capture file.
    private static func makeOutput(
        for compiled: CompiledPolicy,
        configuration: TapAgentConfiguration
    ) throws(TapAgentError) -> AgentOutput {
        let destinations = TapDestinations.make(
            from: compiled,
            source: configuration.tunnelSource,
            source6: configuration.tunnelSource6,
            oversize: configuration.oversize
        )
        do {
            if let path = configuration.encapsulatedCapturePath {
                return AgentOutput(.file(try TunnelPcapOutput(path: path, destinations: destinations)))
            }
            return AgentOutput(.network(try TunnelSender(destinations: destinations, whenFull: .drop)))
        } catch let error as CaptureFileError { throw TapAgentError(error.description) } catch let error
            as TransportError
        { throw TapAgentError(error.description) } catch { throw TapAgentError("\(error)") }
    }
}
