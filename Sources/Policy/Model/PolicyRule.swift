import TapVocabulary

/// One rule: a name, its conditions and what to do with the packets they select.
public struct PolicyRule: Hashable, Sendable {
    /// The rule's `name:` (`rule-N` for the N-th rule when the file gives none); counters and warnings refer to it.
    public var name: String
    /// The conditions a packet must meet.
    public var match: RuleMatch
    /// What happens to a packet this rule decides: ignore it or copy it to destinations.
    public var action: RuleAction
    /// Where the rule starts in its file, when it came from one.
    public var location: SourceLocation?

    /// A rule with the given parts; nothing is validated here (the parser and the compiler do).
    public init(name: String, match: RuleMatch, action: RuleAction, location: SourceLocation? = nil) {
        self.name = name
        self.match = match
        self.action = action
        self.location = location
    }
}
