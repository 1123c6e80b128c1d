import NetworkTypes

/// A set of IPv4 and IPv6 addresses as sorted, merged, inclusive ranges.
/// Membership is a binary search (a linear scan for a few ranges); it never allocates.
struct AddressSet: Hashable, Sendable {
    private(set) var v4Low: [UInt32] = []
    private(set) var v4High: [UInt32] = []
    private(set) var v6Low: [UInt128] = []
    private(set) var v6High: [UInt128] = []

    init(prefixes: [IPPrefix]) {
        if prefixes.count == 1 {  // the common case: no temporary arrays, nothing to sort or merge
            self.init(prefixes[0])
        } else {
            self.init(merging: prefixes)
        }
    }

    private init(merging prefixes: [IPPrefix]) {
        var v4: [(UInt32, UInt32)] = []
        var v6: [(UInt128, UInt128)] = []
        for prefix in prefixes {
            switch prefix.address {
            case .v4(let a): v4.append((a.rawValue, a.rawValue | ~IPPrefix.mask32(prefix.length)))
            case .v6(let a): v6.append((a.rawValue, a.rawValue | ~IPPrefix.mask128(prefix.length)))
            }
        }
        (v4Low, v4High) = AddressSet.merge(v4)
        (v6Low, v6High) = AddressSet.merge(v6)
    }

    init(addresses: some Collection<IPAddress>) {
        if addresses.count == 1, let address = addresses.first {
            self.init(AddressSet.hostPrefix(address))
            return
        }
        self.init(prefixes: addresses.map(AddressSet.hostPrefix))
    }

    /// The set of the addresses in one prefix.
    private init(_ prefix: IPPrefix) {
        switch prefix.address {
        case .v4(let a):
            v4Low = [a.rawValue]
            v4High = [a.rawValue | ~IPPrefix.mask32(prefix.length)]
        case .v6(let a):
            v6Low = [a.rawValue]
            v6High = [a.rawValue | ~IPPrefix.mask128(prefix.length)]
        }
    }

    private static func hostPrefix(_ address: IPAddress) -> IPPrefix {
        switch address {
        case .v4: IPPrefix(address: address, length: 32)
        case .v6: IPPrefix(address: address, length: 128)
        }
    }

    var isEmpty: Bool { v4Low.isEmpty && v6Low.isEmpty }

    /// The ranges, for building lookup tables.
    var v4Ranges: Zip2Sequence<[UInt32], [UInt32]> { zip(v4Low, v4High) }
    var v6Ranges: Zip2Sequence<[UInt128], [UInt128]> { zip(v6Low, v6High) }

    /// The shortest IPv4 prefix length that covers the widest range (32 for hosts), for cost estimates.
    var widestSpanLog2: Int {
        var widest = 0
        for (low, high) in v4Ranges { widest = max(widest, 32 - (high - low).leadingZeroBitCount) }
        for (low, high) in v6Ranges { widest = max(widest, (128 - (high - low).leadingZeroBitCount) / 4) }
        return widest
    }

    @inline(__always)
    func contains(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let a): AddressSet.search(v4Low, v4High, a.rawValue)
        case .v6(let a): AddressSet.search(v6Low, v6High, a.rawValue)
        }
    }

    @inline(__always)
    private static func search<T: FixedWidthInteger>(_ low: [T], _ high: [T], _ value: T) -> Bool {
        var lo = 0
        var hi = low.count  // first index with low[i] > value
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if low[mid] <= value { lo = mid &+ 1 } else { hi = mid }
        }
        return lo > 0 && value <= high[lo &- 1]
    }

    /// Sorts ranges and merges overlapping or adjacent ones.
    static func merge<T: FixedWidthInteger>(_ ranges: [(T, T)]) -> ([T], [T]) {
        var lows: [T] = []
        var highs: [T] = []
        for (low, high) in ranges.sorted(by: { $0.0 < $1.0 }) {
            if let last = highs.last, last == T.max || low <= last + 1 {
                highs[highs.count - 1] = max(last, high)
            } else {
                lows.append(low)
                highs.append(high)
            }
        }
        return (lows, highs)
    }
}
