/// The outcome of matching one packet: which rule decided, and where copies go.
///
/// A 16-byte value; producing one never allocates.
public struct PolicyDecision: Hashable, Sendable {
    /// The index of the matching rule in `Policy.rules`, or `defaultRule`, or `ownTunnel`.
    public var ruleIndex: Int32
    /// Where copies go (empty: the packet is not tapped).
    public var destinations: DestinationSet

    /// `ruleIndex` when no rule matched and the policy's default applied.
    public static let defaultRule: Int32 = -1
    /// `ruleIndex` for the tap's own tunnel traffic, which is never tapped.
    public static let ownTunnel: Int32 = -2

    @inlinable public init(ruleIndex: Int32, destinations: DestinationSet) {
        self.ruleIndex = ruleIndex
        self.destinations = destinations
    }

    /// What decided, as an enum.
    public enum Outcome: Hashable, Sendable {
        case rule(Int)
        case defaultAction
        case ownTunnel
    }

    public var outcome: Outcome {
        switch ruleIndex {
        case PolicyDecision.ownTunnel: .ownTunnel
        case ..<0: .defaultAction
        default: .rule(Int(ruleIndex))
        }
    }

    /// True when at least one copy is to be made.
    @inlinable public var taps: Bool { !destinations.isEmpty }
}
