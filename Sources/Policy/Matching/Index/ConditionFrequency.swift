/// How many rules (that can match) carry each condition, for choosing the keys rules
/// are filed under. Conditions are grouped by exact equality; a cheap fingerprint of
/// their values picks the slot of an open-addressing table, so counting hashes no
/// whole `Condition` and copies none.
struct ConditionFrequency {
    /// `counts[first[r] + p]`: how many counted conditions equal condition `p` of rule `r`.
    private var counts: [Int32] = []
    private var first: [Int32] = []

    init(_ predicates: [RulePredicate]) {
        var total = 0
        first.reserveCapacity(predicates.count + 1)
        for predicate in predicates {
            first.append(Int32(total))
            total += predicate.conditions.count
        }
        first.append(Int32(total))
        // Per slot: the first (rule, position) seen with that condition, and its count.
        var capacity = 16
        while capacity < total * 2 { capacity <<= 1 }
        let mask = capacity - 1
        var slotRule = [Int32](repeating: -1, count: capacity)
        var slotPosition = [Int32](repeating: 0, count: capacity)
        var slotFingerprint = [UInt64](repeating: 0, count: capacity)
        var slotCount = [Int32](repeating: 0, count: capacity)
        var slotOf = [Int32](repeating: -1, count: total)
        for (rule, predicate) in predicates.enumerated() where predicate.canMatch {
            for (position, condition) in predicate.conditions.enumerated() {
                let fingerprint = Self.fingerprint(condition)
                var slot = Int(truncatingIfNeeded: fingerprint) & mask
                while slotRule[slot] >= 0 {
                    if slotFingerprint[slot] == fingerprint
                        && predicates[Int(slotRule[slot])].conditions[Int(slotPosition[slot])] == condition
                    {
                        break
                    }
                    slot = (slot + 1) & mask
                }
                if slotRule[slot] < 0 {
                    slotRule[slot] = Int32(rule)
                    slotPosition[slot] = Int32(position)
                    slotFingerprint[slot] = fingerprint
                }
                slotCount[slot] += 1
                slotOf[Int(first[rule]) + position] = Int32(slot)
            }
        }
        counts = slotOf.map { $0 < 0 ? 1 : slotCount[Int($0)] }
    }

    /// How many rules that can match carry condition `position` of rule `rule` (1 for a rule that cannot match).
    func count(rule: Int, position: Int) -> Int { Int(counts[Int(first[rule]) + position]) }

    /// A hash of the condition's kind, side and values; equal conditions have equal fingerprints.
    private static func fingerprint(_ condition: RulePredicate.Condition) -> UInt64 {
        var fingerprint = Fingerprint()
        func add(_ value: UInt64) { fingerprint.add(value) }
        func add(_ side: RulePredicate.Side) {
            switch side {
            case .source: add(1)
            case .destination: add(2)
            case .either: add(3)
            }
        }
        func add(_ set: AddressSet) {
            add(UInt64(set.v4Low.count))
            for (low, high) in set.v4Ranges { add(UInt64(low) << 32 | UInt64(high)) }
            add(UInt64(set.v6Low.count))
            for (low, high) in set.v6Ranges {
                add(UInt64(truncatingIfNeeded: low))
                add(UInt64(truncatingIfNeeded: low >> 64))
                add(UInt64(truncatingIfNeeded: high))
                add(UInt64(truncatingIfNeeded: high >> 64))
            }
        }
        func add(_ macs: MACSet) {
            add(UInt64(macs.sorted.count))
            for mac in macs.sorted { add(mac) }
        }
        switch condition {
        case .address(let set, let side):
            add(1)
            add(side)
            add(set)
        case .port(let set, let side):
            add(2)
            add(side)
            for (low, high) in set.ranges { add(UInt64(low) << 16 | UInt64(high)) }
        case .mac(let set, let side):
            add(3)
            add(side)
            add(set)
        case .endpoint(let macs, let addresses, let side):
            add(4)
            add(side)
            add(macs)
            add(addresses)
        case .protocols(let set):
            add(5)
            for word in set.words { add(word) }
        case .vlans(let set):
            add(6)
            for word in set.words { add(word) }
        }
        return fingerprint.value
    }
}
