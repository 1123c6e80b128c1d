/// IPv6 address → class ID by binary search over elementary interval starts
/// (the key space is too large for a table). Cost is log2 of the number of
/// distinct prefix boundaries, at most about 15 steps at 10,000 rules.
/// Concrete rather than generic so that unoptimised builds allocate nothing either.
struct IPv6Table: Sendable {
    private let starts: [UInt128]
    private let classes: [UInt32]
    let isEmpty: Bool

    init(_ classifier: IntervalClassifier<UInt128>) {
        starts = classifier.starts
        classes = classifier.classes
        isEmpty = classifier.isEmpty
    }

    @inline(__always)
    func classID(_ key: UInt128) -> UInt32 {
        var lo = 1
        var hi = starts.count  // starts[0] == 0 <= key always
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if starts[mid] <= key { lo = mid &+ 1 } else { hi = mid }
        }
        return classes[lo &- 1]
    }
}
