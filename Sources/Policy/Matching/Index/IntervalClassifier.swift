/// Splits a key space (addresses, ports, ...) into elementary intervals on which
/// the set of rules whose ranges contain the key is constant, and names each set
/// with a `CandidateLists` class ID.
///
/// Build cost is a sort of the range boundaries plus the active-set sizes; the
/// result is what the lookup tables are filled from.
struct IntervalClassifier<Key: FixedWidthInteger & UnsignedInteger> {
    /// An inclusive range of keys that selects `rule`.
    struct Entry {
        var low: Key
        var high: Key
        var rule: Int32
    }

    /// Interval `i` starts at `starts[i]` and runs to `starts[i + 1] - 1` (the last to `Key.max`).
    private(set) var starts: [Key] = [0]
    private(set) var classes: [UInt32] = [0]

    init(_ entries: [Entry], lists: inout CandidateLists) {
        var events: [(position: Key, delta: Int, rule: Int32)] = []
        events.reserveCapacity(entries.count * 2)
        for entry in entries {
            events.append((entry.low, 1, entry.rule))
            if entry.high < Key.max { events.append((entry.high + 1, -1, entry.rule)) }
        }
        events.sort { $0.position < $1.position }
        // The rules whose ranges hold the current position, ascending, with how many of their
        // ranges do (a rule leaves the list when its count returns to 0).
        var active: [Int32] = []
        var activeCounts: [Int] = []
        var index = 0
        while index < events.count {
            let position = events[index].position
            while index < events.count && events[index].position == position {
                let event = events[index]
                var lo = 0
                var hi = active.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if active[mid] < event.rule { lo = mid + 1 } else { hi = mid }
                }
                if lo < active.count && active[lo] == event.rule {
                    activeCounts[lo] += event.delta
                    if activeCounts[lo] == 0 {
                        active.remove(at: lo)
                        activeCounts.remove(at: lo)
                    }
                } else {
                    active.insert(event.rule, at: lo)
                    activeCounts.insert(event.delta, at: lo)
                }
                index += 1
            }
            let id = lists.classID(of: active)
            if position == 0 {
                classes[0] = id
            } else if id != classes[classes.count - 1] {
                starts.append(position)
                classes.append(id)
            }
        }
    }

    /// True when no key selects any rule.
    var isEmpty: Bool { classes.count == 1 && classes[0] == 0 }

    /// The interval holding `key` (binary search).
    func interval(of key: Key) -> Int {
        var lo = 0
        var hi = starts.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if starts[mid] <= key { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    /// The class of every key in `low...high` when they share one, else `nil`.
    func uniformClass(_ low: Key, _ high: Key) -> UInt32? {
        let i = interval(of: low)
        if i + 1 < starts.count && starts[i + 1] <= high { return nil }
        return classes[i]
    }

    /// A table with one class ID per key, for small key spaces (`count` keys from 0).
    func directTable(count: Int) -> [UInt32] {
        var table = [UInt32](repeating: 0, count: count)
        for i in starts.indices {
            let start = Int(starts[i])
            guard start < count else { break }
            let end = i + 1 < starts.count ? min(Int(starts[i + 1]), count) : count
            for key in start..<end { table[key] = classes[i] }
        }
        return table
    }
}
