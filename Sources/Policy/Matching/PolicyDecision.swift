/// The outcome of matching one packet: what decided, and where copies go.
///
/// Producing one never allocates.
public struct PolicyDecision: Hashable, Sendable {
    /// What decided a packet.
    public enum Outcome: Hashable, Sendable {
        /// The rule at this index of `TapPolicy.rules` matched first.
        case rule(Int)
        /// No rule matched; the policy's default applied.
        case defaultAction
        /// The tap's own tunnel traffic, which is never tapped.
        case ownTunnel
    }

    /// What decided the packet: a rule, the default, or the own-tunnel guard.
    public var outcome: Outcome
    /// Where copies go (empty: the packet is not tapped).
    public var destinations: DestinationSet

    /// A decision with `outcome` sending copies to `destinations`.
    @inlinable public init(_ outcome: Outcome, destinations: DestinationSet) {
        self.outcome = outcome
        self.destinations = destinations
    }

    /// The index of the deciding rule, or nil for the default and for own-tunnel traffic.
    @inlinable public var ruleIndex: Int? {
        if case .rule(let index) = outcome { return index }
        return nil
    }

    /// True when at least one copy is to be made.
    @inlinable public var taps: Bool { !destinations.isEmpty }
}
