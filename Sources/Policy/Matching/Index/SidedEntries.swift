/// Index entries filed under the source field of a packet, under its destination
/// field, or both, as a rule key's side says.
struct SidedEntries<Entry> {
    var source: [Entry] = []
    var destination: [Entry] = []

    /// Files `entry` under the fields `side` covers.
    mutating func append(_ entry: Entry, on side: RulePredicate.Side) {
        if side.includesSource { source.append(entry) }
        if side.includesDestination { destination.append(entry) }
    }

    var isEmpty: Bool { source.isEmpty && destination.isEmpty }
}
