import NetworkTypes
import PacketCore
import TapVocabulary

/// A policy compiled for matching at line rate: immutable, `Sendable`, shared
/// freely between threads.
///
/// `decide(_:)` gives the same answer as the plain first-match oracle in PolicyTests (first matching
/// rule wins, the tap's own tunnels are never tapped), allocates nothing, and its
/// cost does not grow with the number of rules (see `RuleIndex`).
///
/// ```swift
/// let compiled = try CompiledPolicy(contentsOf: "policy.yaml")
/// let decision = compiled.decide(packet)           // packet: DecodedPacket, borrowed
/// for index in decision.destinations { send(copy, to: compiled.destinations[index]) }
/// ```
public final class CompiledPolicy: Sendable {
    /// The policy this was compiled from.
    public let policy: TapPolicy
    /// The tap's own tunnels, never tapped.
    public let tunnelGuard: TunnelGuard
    private let actions: [DestinationSet]
    private let defaultDestinations: DestinationSet
    private let index: RuleIndex

    /// Compiles `policy`; `vm` and `tag` keys are resolved against `virtualMachines`
    /// now (without them they match nothing).
    public init(_ policy: TapPolicy, virtualMachines: [VirtualMachine]? = nil) {
        self.policy = policy
        let records = virtualMachines ?? []
        // By index: the rules are read in place, not copied one by one.
        var rulePredicates: [RulePredicate] = []
        var actions: [DestinationSet] = []
        rulePredicates.reserveCapacity(policy.rules.count)
        actions.reserveCapacity(policy.rules.count)
        for index in policy.rules.indices {
            rulePredicates.append(
                RulePredicate(
                    policy.rules[index].match,
                    vm: VMEndpoints(of: records, namesMatching: policy.rules[index].match.vmPatterns, tags: []),
                    tag: VMEndpoints(of: records, namesMatching: [], tags: policy.rules[index].match.tags)
                )
            )
            actions.append(policy.rules[index].action.destinations)
        }
        self.actions = actions
        defaultDestinations = policy.defaultAction.destinations
        tunnelGuard = TunnelGuard(signatures: policy.tunnelSignatures)
        index = RuleIndex(rulePredicates)
    }

    /// Parses and compiles the policy file at `path`.
    public convenience init(contentsOf path: String, virtualMachines: [VirtualMachine]? = nil) throws(PolicyFileError) {
        self.init(try PolicyParser.load(path: path), virtualMachines: virtualMachines)
    }

    /// The destinations, indexed by the bits of `PolicyDecision.destinations`.
    public var destinations: [TunnelDestination] { policy.destinations }
    /// Every tunnel the policy sends into.
    public var tunnelSignatures: [TunnelSignature] { tunnelGuard.signatures }

    /// Which rule decides `packet` and where its copies go. `packet` is only read:
    /// as a `borrowing` parameter it is read where it is, not copied per call.
    public func decide(_ packet: borrowing DecodedPacket) -> PolicyDecision {
        if tunnelGuard.covers(packet) { return PolicyDecision(.ownTunnel, destinations: DestinationSet()) }
        guard let rule = index.firstMatch(packet) else {
            return PolicyDecision(.defaultAction, destinations: defaultDestinations)
        }
        return PolicyDecision(.rule(Int(rule)), destinations: actions[Int(rule)])
    }

    /// The rule's name, or `default` / `own-tunnel`.
    public func ruleName(_ decision: PolicyDecision) -> String {
        switch decision.outcome {
        case .rule(let index): policy.rules[index].name
        case .defaultAction: "default"
        case .ownTunnel: "own-tunnel"
        }
    }

    /// How many rules are filed under each kind of key (for diagnostics).
    public var indexStatistics: [String: Int] { index.statistics }
}
