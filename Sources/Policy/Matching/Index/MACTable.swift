/// MAC address → class ID in one hash probe on average: open addressing with
/// linear probing in a table at most half full. Keys are 48-bit, so `UInt64.max`
/// marks an empty slot. In front of it, one bit per 16-bit hash value says whether
/// any key has that hash: most frames' MACs are in no rule and are answered by this
/// 8 KiB bitmap alone, without walking a probe sequence to an empty slot.
struct MACTable: Sendable {
    private var keys: [UInt64]
    private var values: [UInt32]
    private var hashesPresent: [UInt64]
    private let mask: Int
    let isEmpty: Bool
    private static let empty = UInt64.max

    /// Fills the table with every MAC that starts an interval of `classifier`
    /// (the classifier was built from single MACs, so each one does).
    init(_ classifier: IntervalClassifier<UInt64>, macs: some Collection<UInt64>) {
        let distinct = Set(macs)
        isEmpty = distinct.isEmpty
        var capacity = 8
        while capacity < distinct.count * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: MACTable.empty, count: capacity)
        values = [UInt32](repeating: 0, count: capacity)
        mask = capacity - 1
        hashesPresent = [UInt64](repeating: 0, count: isEmpty ? 0 : 1024)
        for mac in distinct {
            let hash = MACTable.hash(mac)
            let bit = hash & 0xFFFF
            hashesPresent[bit >> 6] |= 1 << UInt64(bit & 63)
            var slot = hash & mask
            while keys[slot] != MACTable.empty { slot = (slot + 1) & mask }
            keys[slot] = mac
            values[slot] = classifier.classes[classifier.interval(of: mac)]
        }
    }

    @inline(__always)
    private static func hash(_ mac: UInt64) -> Int { Int(truncatingIfNeeded: (mac &* 0x9E37_79B9_7F4A_7C15) >> 32) }

    /// The class of `mac`, 0 (no rules) when it is not in the table. Only for a non-empty table.
    @inline(__always)
    func classID(_ mac: UInt64) -> UInt32 {
        let hash = MACTable.hash(mac)
        let bit = hash & 0xFFFF
        if hashesPresent[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return 0 }
        var slot = hash & mask
        while true {
            let key = keys[slot]
            if key == mac { return values[slot] }
            if key == MACTable.empty { return 0 }
            slot = (slot &+ 1) & mask
        }
    }
}
