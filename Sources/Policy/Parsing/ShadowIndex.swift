import NetworkTypes

/// The rules seen so far, filed so that the first of them covering a new rule
/// (`RuleShape.covers`) is found without comparing it with every one.
///
/// Each rule is filed under the values of one of its conditions, its anchor (the first
/// of prefixes, MACs, tags, VM patterns, VLANs, ports, protocols that it has). A rule
/// that covers another has no kind of condition the other lacks, and each of its
/// conditions is implied by one of the other's; in particular the anchor contains the
/// first value of one of the other's conditions of that kind. So a query looks, for each
/// of the new rule's conditions, at the rules filed under values that can contain that
/// condition's first value (for a prefix: its shorter prefixes), and tests only those.
/// The answer is the same as the first `covers` over all earlier rules in order, which
/// the tests check against that direct search.
struct ShadowIndex {
    private struct PrefixKey: Hashable {
        var isV6: Bool
        var length: UInt8
        var network: UInt128
    }

    /// The first rule with no condition (it covers every later rule).
    private var firstMatchAll: Int?
    private var byPrefix: [PrefixKey: [Int]] = [:]
    /// Which prefix lengths have rules filed, per family: a query tries only those.
    private var v4Lengths = [Bool](repeating: false, count: 33)
    private var v6Lengths = [Bool](repeating: false, count: 129)
    private var byMAC: [MACAddress: [Int]] = [:]
    private var byTag: [String: [Int]] = [:]
    private var byVMPattern: [String: [Int]] = [:]
    private var byVLAN: [UInt16: [Int]] = [:]
    /// Rules anchored on ports, per 1,024-port bucket their ranges overlap.
    private var byPortBucket = [[Int]](repeating: [], count: 64)
    private var byProtocol: [UInt8: [Int]] = [:]

    /// Files rule `index` (rules are added in order).
    mutating func add(_ shape: RuleShape, at index: Int) {
        guard let anchor = Self.anchor(of: shape) else {
            if firstMatchAll == nil { firstMatchAll = index }
            return
        }
        switch anchor {
        case .prefixes(let prefixes, _):
            for prefix in prefixes {
                byPrefix[Self.key(prefix.address, length: prefix.length), default: []].append(index)
                if case .v6 = prefix.address {
                    v6Lengths[prefix.length] = true
                } else {
                    v4Lengths[prefix.length] = true
                }
            }
        case .macs(let macs, _): for mac in macs { byMAC[mac, default: []].append(index) }
        case .tags(let tags, _): for tag in tags { byTag[tag, default: []].append(index) }
        case .vms(let patterns, _): for pattern in patterns { byVMPattern[pattern, default: []].append(index) }
        case .vlans(let vlans): for vlan in vlans { byVLAN[vlan, default: []].append(index) }
        case .ports(let ranges, _):
            var buckets = Set<Int>()
            for range in ranges { buckets.formUnion(Int(range.lower >> 10)...Int(range.upper >> 10)) }
            for bucket in buckets { byPortBucket[bucket].append(index) }
        case .protocols(let protocols): for value in protocols { byProtocol[value, default: []].append(index) }
        }
    }

    /// The first filed rule that covers `shape`; `shapes[i]` is filed rule `i`'s shape.
    func firstCoverer(of shape: RuleShape, in shapes: [RuleShape]) -> Int? {
        var best = firstMatchAll ?? Int.max
        func consider(_ candidates: [Int]?) {
            for candidate in candidates ?? [] {
                if candidate >= best { return }
                if shapes[candidate].covers(shape) {
                    best = candidate
                    return
                }
            }
        }
        for condition in shape.conditions {
            switch condition {
            case .prefixes(let prefixes, _):
                let first = prefixes[0]
                let lengths = if case .v6 = first.address { v6Lengths } else { v4Lengths }
                for length in 0...first.length where lengths[length] {
                    consider(byPrefix[Self.key(first.address, length: length)])
                }
            case .macs(let macs, _): consider(byMAC[macs.first!])
            case .tags(let tags, _): consider(byTag[tags.first!])
            case .vms(let patterns, _):
                consider(byVMPattern[patterns[0]])
                consider(byVMPattern["*"])
            case .vlans(let vlans): consider(byVLAN[vlans.first!])
            case .ports(let ranges, _): consider(byPortBucket[Int(ranges[0].lower >> 10)])
            case .protocols(let protocols): consider(byProtocol[protocols.first!])
            }
        }
        return best == Int.max ? nil : best
    }

    /// The condition a rule is filed under; nil for a rule without conditions.
    private static func anchor(of shape: RuleShape) -> RuleShape.Condition? {
        func rank(_ condition: RuleShape.Condition) -> Int {
            switch condition {
            case .prefixes: 0
            case .macs: 1
            case .tags: 2
            case .vms: 3
            case .vlans: 4
            case .ports: 5
            case .protocols: 6
            }
        }
        return shape.conditions.min { rank($0) < rank($1) }
    }

    private static func key(_ address: IPAddress, length: Int) -> PrefixKey {
        switch address {
        case .v4(let a):
            PrefixKey(isV6: false, length: UInt8(length), network: UInt128(a.rawValue & IPPrefix.mask32(length)))
        case .v6(let a): PrefixKey(isV6: true, length: UInt8(length), network: a.rawValue & IPPrefix.mask128(length))
        }
    }
}
