import NetworkTypes

/// A set of MAC addresses, sorted for binary search.
struct MACSet: Hashable, Sendable {
    private(set) var sorted: [UInt64]

    init(_ macs: some Sequence<MACAddress>) {
        var values = macs.map(\.rawValue)
        values.sort()
        var kept = 0  // drop repeats in place
        for index in values.indices where kept == 0 || values[index] != values[kept - 1] {
            values[kept] = values[index]
            kept += 1
        }
        values.removeLast(values.count - kept)
        sorted = values
    }

    var isEmpty: Bool { sorted.isEmpty }

    @inline(__always)
    func contains(_ mac: MACAddress) -> Bool {
        let value = mac.rawValue
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if sorted[mid] < value { lo = mid &+ 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == value
    }
}
