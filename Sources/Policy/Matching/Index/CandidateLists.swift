/// Lists of rule indices in ascending order, stored back to back; a list is
/// named by its class ID. Class 0 is always the empty list.
///
/// Equal lists get the same ID, IDs are handed out in the order lists are first
/// seen. Deduplication probes an open-addressing table by a cheap fingerprint of
/// the list and compares candidates with the stored entries, so looking a list
/// up allocates nothing.
struct CandidateLists: Sendable {
    private(set) var entries: [Int32] = []
    /// `offsets[c] ..< offsets[c + 1]` are class `c`'s entries.
    private(set) var offsets: [Int32] = [0, 0]
    /// Class ID + 1 per slot (0: empty slot), probed linearly; empty once building is over.
    private var slots: [UInt32] = []
    /// The fingerprint of each class's list, for probing and growing the table.
    private var fingerprints: [UInt64] = [0]

    init() {}

    /// The class ID of `rules` (sorted ascending), adding it when new.
    mutating func classID(of rules: [Int32]) -> UInt32 {
        if rules.isEmpty { return 0 }
        if slots.isEmpty { slots = [UInt32](repeating: 0, count: 1024) }
        let fingerprint = Self.fingerprint(rules)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: fingerprint) & mask
        while slots[slot] != 0 {
            let id = Int(slots[slot] - 1)
            if fingerprints[id] == fingerprint && sameList(id, rules) { return UInt32(id) }
            slot = (slot + 1) & mask
        }
        let id = UInt32(offsets.count - 1)
        entries += rules
        offsets.append(Int32(entries.count))
        fingerprints.append(fingerprint)
        slots[slot] = id + 1
        if Int(id) * 2 > slots.count { grow() }
        return id
    }

    private func sameList(_ id: Int, _ rules: [Int32]) -> Bool {
        let start = Int(offsets[id])
        let end = Int(offsets[id + 1])
        guard end - start == rules.count else { return false }
        for (offset, rule) in rules.enumerated() where entries[start + offset] != rule { return false }
        return true
    }

    private mutating func grow() {
        slots = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for id in 1..<fingerprints.count {
            var slot = Int(truncatingIfNeeded: fingerprints[id]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(id + 1)
        }
    }

    private static func fingerprint(_ rules: [Int32]) -> UInt64 {
        var fingerprint = Fingerprint()
        fingerprint.add(UInt64(rules.count))
        for rule in rules { fingerprint.add(UInt64(UInt32(bitPattern: rule))) }
        return fingerprint.value
    }

    /// Drops the dedup table once building is over.
    mutating func finish() {
        slots = []
        fingerprints = []
    }

    var classCount: Int { offsets.count - 1 }
}
