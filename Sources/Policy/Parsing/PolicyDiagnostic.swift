import TapVocabulary

/// A warning about a policy that is valid but probably not what its author meant
/// (a rule no packet can reach, a `vm` key without an inventory, a rule that covers
/// the tap's own tunnels, a destination whose path MTU is assumed).
public struct PolicyDiagnostic: Hashable, Sendable, CustomStringConvertible, Codable {
    /// Why the warning was given.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// An earlier rule matches every packet this rule could match.
        case shadowedRule = "shadowed-rule"
        /// A rule matches part of a tunnel the tap sends into; those packets are excluded automatically.
        case coversOwnTunnel = "covers-own-tunnel"
        /// A `vm` or `tag` key resolves to no MAC or address.
        case unresolvedVM = "unresolved-vm"
        /// A destination has no `mtu`: 1500 is assumed, and frames above it are
        /// fragmented (or, for ERSPAN, cut with the T bit set).
        case assumedMTU = "assumed-mtu"
    }

    /// Why the warning was given.
    public var kind: Kind
    /// One sentence naming the rule or destination.
    public var message: String
    /// Where the rule or destination is defined, when the policy came from a file.
    public var location: SourceLocation?
    /// The index of the rule the warning is about.
    public var ruleIndex: Int?

    /// A warning with the given parts.
    public init(kind: Kind, message: String, location: SourceLocation?, ruleIndex: Int?) {
        self.kind = kind
        self.message = message
        self.location = location
        self.ruleIndex = ruleIndex
    }

    /// `file:line:column: warning: message`.
    public var description: String {
        if let location { "\(location): warning: \(message)" } else { "warning: \(message)" }
    }
}
