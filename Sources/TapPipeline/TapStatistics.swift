/// What the tap pipeline did with the frames it saw.
public struct TapStatistics: Sendable, Codable {
    /// The hits of one policy rule.
    public struct Rule: Sendable, Codable {
        /// The rule's name in the policy.
        public var name: String
        /// Frames this rule decided: the first matching rule wins, whether the rule taps or drops.
        public var hits: Int
    }

    /// Frames read.
    public var frames = 0
    /// Frames the decoder rejected (still matched on what was decoded before the error).
    public var decodeErrors = 0
    /// Frames sent to at least one destination.
    public var tapped = 0
    /// Frames of the tap's own tunnels (never tapped).
    public var ownTunnel = 0
    /// Frames the default action decided.
    public var defaultHits = 0
    /// Hits per rule, in policy order.
    public var rules: [Rule] = []
    /// Frames skipped by a destination's sampling (1 in N), per destination.
    public var sampledOut: [Int] = []

    /// All counters zero and no rules.
    public init() {}
}
