/// A set of ports as sorted, merged, inclusive ranges.
struct PortSet: Hashable, Sendable {
    private(set) var low: [UInt16] = []
    private(set) var high: [UInt16] = []

    init(_ ranges: [PortRange]) {
        if ranges.count == 1 {  // the common case: nothing to sort or merge
            low = [ranges[0].lower]
            high = [ranges[0].upper]
            return
        }
        (low, high) = AddressSet.merge(ranges.map { ($0.lower, $0.upper) })
    }

    var ranges: Zip2Sequence<[UInt16], [UInt16]> { zip(low, high) }

    /// Number of ports in the set.
    var size: Int { ranges.reduce(0) { $0 + Int($1.1) - Int($1.0) + 1 } }

    @inline(__always)
    func contains(_ port: UInt16) -> Bool {
        for i in low.indices where low[i] <= port && port <= high[i] { return true }
        return false
    }
}
