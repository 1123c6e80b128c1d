/// IPv4 address → class ID in at most three table loads (a 16-8-8 multibit trie).
///
/// Level 1 has one entry per /16; an entry is a class ID, or (top bit set) the
/// index of a 256-entry level-2 block for the /24s below it, whose entries are
/// class IDs or indices of 256-entry level-3 blocks of single addresses. Blocks
/// exist only where the classes differ inside a /16 or /24, so the cost does not
/// depend on the number of rules.
struct IPv4Table: Sendable {
    private var level1: [UInt32]
    private var level2: [UInt32] = []
    private var level3: [UInt32] = []
    let isEmpty: Bool
    private static let child: UInt32 = 0x8000_0000

    init(_ classifier: IntervalClassifier<UInt32>) {
        isEmpty = classifier.isEmpty
        level1 = [UInt32](repeating: 0, count: isEmpty ? 0 : 65536)
        guard !isEmpty else { return }
        // One sweep over the addresses in ascending order: `interval` is the classifier's
        // interval holding the address at hand and only moves forward.
        let starts = classifier.starts
        let classes = classifier.classes
        var interval = 0
        func advance(to address: UInt32) {
            while interval + 1 < starts.count && starts[interval + 1] <= address { interval += 1 }
        }
        /// True when the interval holding the range's first address covers the whole range.
        func uniform(through high: UInt32) -> Bool { interval + 1 == starts.count || starts[interval + 1] > high }
        for top in 0..<UInt32(65536) {
            let low = top << 16
            advance(to: low)
            if uniform(through: low | 0xFFFF) {
                level1[Int(top)] = classes[interval]
                continue
            }
            let block = UInt32(level2.count / 256)
            level2 += repeatElement(0, count: 256)
            for middle in 0..<UInt32(256) {
                let low24 = low | middle << 8
                let slot = Int(block) * 256 + Int(middle)
                advance(to: low24)
                if uniform(through: low24 | 0xFF) {
                    level2[slot] = classes[interval]
                    continue
                }
                level2[slot] = IPv4Table.child | UInt32(level3.count / 256)
                for last in 0..<UInt32(256) {
                    advance(to: low24 | last)
                    level3.append(classes[interval])
                }
            }
            level1[Int(top)] = IPv4Table.child | block
        }
    }

    @inline(__always)
    func classID(_ address: UInt32) -> UInt32 {
        let first = level1[Int(address >> 16)]
        if first & IPv4Table.child == 0 { return first }
        let second = level2[Int(first & ~IPv4Table.child) << 8 | Int(address >> 8 & 0xFF)]
        if second & IPv4Table.child == 0 { return second }
        return level3[Int(second & ~IPv4Table.child) << 8 | Int(address & 0xFF)]
    }

    /// Bytes used by the tables.
    var memoryFootprint: Int { (level1.count + level2.count + level3.count) * 4 }
}
