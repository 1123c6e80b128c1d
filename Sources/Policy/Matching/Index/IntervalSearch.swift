/// Key → class ID by binary search over elementary interval starts: for key
/// spaces too large for a table (IPv6 addresses, MAC addresses). Cost is
/// log2 of the number of distinct boundaries, at most about 15 steps at 10,000 rules.
struct IntervalSearch<Key: FixedWidthInteger & UnsignedInteger>: Sendable where Key: Sendable {
    private let starts: [Key]
    private let classes: [UInt32]
    let isEmpty: Bool

    init(_ classifier: IntervalClassifier<Key>) {
        starts = classifier.starts
        classes = classifier.classes
        isEmpty = classifier.isEmpty
    }

    @inline(__always)
    func classID(_ key: Key) -> UInt32 {
        var lo = 1, hi = starts.count  // starts[0] == 0 <= key always
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if starts[mid] <= key { lo = mid &+ 1 } else { hi = mid }
        }
        return classes[lo &- 1]
    }
}
