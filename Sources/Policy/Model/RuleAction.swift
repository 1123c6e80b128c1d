/// What happens to a packet a rule (or the default) selects.
public enum RuleAction: Hashable, Sendable {
    /// Do not copy the packet.
    case ignore
    /// Copy the packet to each destination in the set (indices into `Policy.destinations`).
    case send(DestinationSet)

    /// The destinations chosen: empty for `ignore`.
    @inlinable public var destinations: DestinationSet {
        switch self {
        case .ignore: DestinationSet()
        case .send(let set): set
        }
    }
}
