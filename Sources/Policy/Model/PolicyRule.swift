import TapVocabulary

/// One rule: a name, its conditions and what to do with the packets they select.
public struct PolicyRule: Hashable, Sendable {
    public var name: String
    public var match: RuleMatch
    public var action: RuleAction
    /// Where the rule starts in its file, when it came from one.
    public var location: SourceLocation?

    public init(name: String, match: RuleMatch, action: RuleAction, location: SourceLocation? = nil) {
        self.name = name
        self.match = match
        self.action = action
        self.location = location
    }
}
