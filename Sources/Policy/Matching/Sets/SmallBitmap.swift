/// A set of small integers (IP protocols 0...255, VLAN IDs 0...4095) as a bitmap.
struct SmallBitmap: Hashable, Sendable {
    private(set) var words: [UInt64]
    private(set) var members: [Int]

    init(_ values: some Sequence<Int>, universe: Int) {
        var words = [UInt64](repeating: 0, count: (universe + 63) / 64)
        for value in values { words[value >> 6] |= 1 << UInt64(value & 63) }
        self.words = words
        var members: [Int] = []  // the set bits, ascending: each value once
        for (index, word) in words.enumerated() where word != 0 {
            var rest = word
            while rest != 0 {
                members.append(index << 6 | rest.trailingZeroBitCount)
                rest &= rest - 1
            }
        }
        self.members = members
    }

    @inline(__always)
    func contains(_ value: Int) -> Bool {
        let word = value >> 6
        return word < words.count && words[word] & (1 << UInt64(value & 63)) != 0
    }
}
