import TapVocabulary

/// A tap policy: destinations, rules in order (first match wins) and a default.
///
/// A value with no behaviour of its own: `PolicyParser` reads one from YAML,
/// `PolicyWarnings` reviews it, `CompiledPolicy` turns it into a matcher.
public struct TapPolicy: Hashable, Sendable {
    /// At most `DestinationSet.capacity` (64) destinations; rules refer to them by index.
    public var destinations: [TunnelDestination]
    /// The rules in order: the first that matches a packet decides it.
    public var rules: [PolicyRule]
    /// What happens to packets no rule matches.
    public var defaultAction: RuleAction
    /// The file the policy came from, for messages.
    public var file: String

    /// A policy with the given parts; nothing is validated here (``PolicyParser`` and the compiler do).
    public init(
        destinations: [TunnelDestination],
        rules: [PolicyRule],
        defaultAction: RuleAction = .ignore,
        file: String = "<policy>"
    ) {
        self.destinations = destinations
        self.rules = rules
        self.defaultAction = defaultAction
        self.file = file
    }

    /// The index of the destination called `name`.
    public func destinationIndex(named name: String) -> Int? { destinations.firstIndex { $0.name == name } }

    /// The names of the destinations in `set`, in index order.
    public func destinationNames(_ set: DestinationSet) -> [String] {
        set.filter { $0 < destinations.count }.map { destinations[$0].name }
    }

    /// Every tunnel this policy sends into, without repeats.
    public var tunnelSignatures: [TunnelSignature] {
        var seen = Set<TunnelSignature>()
        var signatures: [TunnelSignature] = []
        for destination in destinations {
            let signature = TunnelSignature(of: destination)
            if seen.insert(signature).inserted { signatures.append(signature) }
        }
        return signatures
    }
}
