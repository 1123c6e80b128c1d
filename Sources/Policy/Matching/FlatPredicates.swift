import NetworkTypes
import PacketCore

/// Every rule's predicate packed into plain arrays of trivial values, so that
/// testing a rule on the packet path copies no reference-counted storage.
///
/// A rule is a range of `FlatCondition`s; each condition names slices of the
/// value pools (sorted merged ranges, sorted MACs, bitmap words). Semantics are
/// those of `RulePredicate.holds`. The condition a rule is filed under in
/// `RuleIndex` (its key) is left out: `matches` is only asked about candidates the
/// key's table produced, which satisfy it, so a rule with one condition costs nothing.
struct FlatPredicates: Sendable {
    struct FlatCondition: Sendable {
        enum Kind: UInt8, Sendable { case address, port, mac, endpoint, protocols, vlans }
        var kind: Kind
        var includesSource: Bool
        var includesDestination: Bool
        /// Slices: IPv4 ranges (or port ranges, or bitmap words), IPv6 ranges, MACs.
        var first: (start: Int32, end: Int32) = (0, 0)
        var v6: (start: Int32, end: Int32) = (0, 0)
        var macs: (start: Int32, end: Int32) = (0, 0)
    }

    /// A rule's remaining conditions when they are nothing, or one IPv4 range or one port
    /// range (the common "host or net plus port" rules): testing such a candidate then reads
    /// these 12 bytes instead of the condition, its slice bounds and the range pools.
    struct Shortcut: Sendable {
        enum Kind: UInt8, Sendable { case keyOnly, v4Range, portRange, general }
        var low: UInt32 = 0
        var high: UInt32 = 0
        var kind: Kind
        var includesSource = false
        var includesDestination = false
    }

    private var conditions: [FlatCondition] = []
    private var shortcuts: [Shortcut] = []
    /// Rule `r`'s conditions are `conditions[ruleStart[r] ..< ruleStart[r + 1]]`.
    private var ruleStart: [Int32] = [0]
    private var v4Low: [UInt32] = [], v4High: [UInt32] = []
    private var v6Low: [UInt128] = [], v6High: [UInt128] = []
    private var portLow: [UInt16] = [], portHigh: [UInt16] = []
    private var macPool: [UInt64] = []
    private var words: [UInt64] = []

    /// `keys[r]` is the position of rule `r`'s key among its conditions (`nil` when it has none).
    init(_ predicates: [RulePredicate], keys: [Int?]) {
        for (rule, predicate) in predicates.enumerated() {
            for (position, condition) in predicate.conditions.enumerated() where position != keys[rule] {
                conditions.append(flatten(condition))
            }
            ruleStart.append(Int32(conditions.count))
            shortcuts.append(shortcut(rule))
        }
    }

    private func shortcut(_ rule: Int) -> Shortcut {
        let start = Int(ruleStart[rule])
        let end = Int(ruleStart[rule + 1])
        if start == end { return Shortcut(kind: .keyOnly) }
        guard end - start == 1 else { return Shortcut(kind: .general) }
        let c = conditions[start]
        switch c.kind {
        case .address where c.first.end - c.first.start == 1 && c.v6.start == c.v6.end:
            let at = Int(c.first.start)
            return Shortcut(
                low: v4Low[at],
                high: v4High[at],
                kind: .v4Range,
                includesSource: c.includesSource,
                includesDestination: c.includesDestination
            )
        case .port where c.first.end - c.first.start == 1:
            let at = Int(c.first.start)
            return Shortcut(
                low: UInt32(portLow[at]),
                high: UInt32(portHigh[at]),
                kind: .portRange,
                includesSource: c.includesSource,
                includesDestination: c.includesDestination
            )
        default:
            return Shortcut(kind: .general)
        }
    }

    private mutating func flatten(_ condition: RulePredicate.Condition) -> FlatCondition {
        func side(_ kind: FlatCondition.Kind, _ s: RulePredicate.Side) -> FlatCondition {
            FlatCondition(kind: kind, includesSource: s.includesSource, includesDestination: s.includesDestination)
        }
        func addAddresses(_ set: AddressSet, into c: inout FlatCondition) {
            c.first.start = Int32(v4Low.count)
            for (low, high) in set.v4Ranges {
                v4Low.append(low)
                v4High.append(high)
            }
            c.first.end = Int32(v4Low.count)
            c.v6.start = Int32(v6Low.count)
            for (low, high) in set.v6Ranges {
                v6Low.append(low)
                v6High.append(high)
            }
            c.v6.end = Int32(v6Low.count)
        }
        func addMACs(_ set: MACSet, into c: inout FlatCondition) {
            c.macs = (Int32(macPool.count), Int32(macPool.count + set.sorted.count))
            macPool += set.sorted
        }
        func addWords(_ set: SmallBitmap, into c: inout FlatCondition) {
            c.first = (Int32(words.count), Int32(words.count + set.words.count))
            words += set.words
        }
        switch condition {
        case .address(let set, let s):
            var c = side(.address, s)
            addAddresses(set, into: &c)
            return c
        case .port(let set, let s):
            var c = side(.port, s)
            c.first.start = Int32(portLow.count)
            for (low, high) in set.ranges {
                portLow.append(low)
                portHigh.append(high)
            }
            c.first.end = Int32(portLow.count)
            return c
        case .mac(let set, let s):
            var c = side(.mac, s)
            addMACs(set, into: &c)
            return c
        case .endpoint(let macs, let addresses, let s):
            var c = side(.endpoint, s)
            addAddresses(addresses, into: &c)
            addMACs(macs, into: &c)
            return c
        case .protocols(let set):
            var c = side(.protocols, .either)
            addWords(set, into: &c)
            return c
        case .vlans(let set):
            var c = side(.vlans, .either)
            addWords(set, into: &c)
            return c
        }
    }

    /// True when rule `rule` has no condition but its key (it matches every packet its key's table gives).
    func isKeyOnly(_ rule: Int) -> Bool { shortcuts[rule].kind == .keyOnly }

    /// True when every condition of rule `rule` but its key holds for `p` (borrowed: read
    /// where it is, never copied).
    @inline(__always)
    func matches(_ rule: Int, _ p: borrowing DecodedPacket) -> Bool {
        let shortcut = shortcuts[rule]
        switch shortcut.kind {
        case .keyOnly:
            return true
        case .v4Range:
            guard p.ipVersion != 0 else { return false }  // ARP frames carry addresses too
            // The fields are read into locals: `&&` / `||` operands are closures, which cannot capture `p`.
            let source = p.sourceAddress
            let destination = p.destinationAddress
            return (shortcut.includesSource && Self.v4(source, in: shortcut))
                || (shortcut.includesDestination && Self.v4(destination, in: shortcut))
        case .portRange:
            let layers = p.layers
            guard layers.contains(.tcp) || layers.contains(.udp) else { return false }
            let source = UInt32(p.sourcePort)
            let destination = UInt32(p.destinationPort)
            return (shortcut.includesSource && shortcut.low <= source && source <= shortcut.high)
                || (shortcut.includesDestination && shortcut.low <= destination && destination <= shortcut.high)
        case .general:
            return allHold(Int(ruleStart[rule]), Int(ruleStart[rule + 1]), p)
        }
    }

    @inline(__always)
    private static func v4(_ address: IPAddress, in shortcut: Shortcut) -> Bool {
        guard case .v4(let a) = address else { return false }
        return shortcut.low <= a.rawValue && a.rawValue <= shortcut.high
    }

    @inline(never)
    private func allHold(_ start: Int, _ end: Int, _ p: borrowing DecodedPacket) -> Bool {
        var index = start
        while index < end {
            if !holds(conditions[index], p) { return false }
            index += 1
        }
        return true
    }

    @inline(__always)
    private func holds(_ c: FlatCondition, _ p: borrowing DecodedPacket) -> Bool {
        switch c.kind {
        // The fields are read into locals: `&&` / `||` operands are closures, which cannot capture `p`.
        case .address:
            guard p.ipVersion != 0 else { return false }
            let source = p.sourceAddress
            let destination = p.destinationAddress
            return (c.includesSource && address(source, c)) || (c.includesDestination && address(destination, c))
        case .port:
            let layers = p.layers
            guard layers.contains(.tcp) || layers.contains(.udp) else { return false }
            let source = p.sourcePort
            let destination = p.destinationPort
            return (c.includesSource && port(source, c)) || (c.includesDestination && port(destination, c))
        case .mac:
            let source = p.sourceMAC
            let destination = p.destinationMAC
            return (c.includesSource && mac(source, c)) || (c.includesDestination && mac(destination, c))
        case .endpoint:
            let isIP = p.ipVersion != 0
            let sourceMAC = p.sourceMAC
            let destinationMAC = p.destinationMAC
            let source = p.sourceAddress
            let destination = p.destinationAddress
            return (c.includesSource && (mac(sourceMAC, c) || (isIP && address(source, c))))
                || (c.includesDestination && (mac(destinationMAC, c) || (isIP && address(destination, c))))
        case .protocols:
            guard p.ipVersion != 0 else { return false }
            return bit(Int(p.ipProtocol), c)
        case .vlans:
            guard let vlanID = p.vlanID else { return false }
            return bit(Int(vlanID), c)
        }
    }

    @inline(__always)
    private func address(_ a: IPAddress, _ c: FlatCondition) -> Bool {
        switch a {
        case .v4(let v4):
            // Binary search in sorted, disjoint ranges; written out per family (not generic) so
            // that unoptimised builds do not box the keys.
            let value = v4.rawValue
            let start = Int(c.first.start)
            var lo = start
            var hi = Int(c.first.end)  // first index with low > value
            while lo < hi {
                let mid = (lo &+ hi) >> 1
                if v4Low[mid] <= value { lo = mid &+ 1 } else { hi = mid }
            }
            return lo > start && value <= v4High[lo &- 1]
        case .v6(let v6):
            let value = v6.rawValue
            let start = Int(c.v6.start)
            var lo = start
            var hi = Int(c.v6.end)
            while lo < hi {
                let mid = (lo &+ hi) >> 1
                if v6Low[mid] <= value { lo = mid &+ 1 } else { hi = mid }
            }
            return lo > start && value <= v6High[lo &- 1]
        }
    }

    @inline(__always)
    private func port(_ value: UInt16, _ c: FlatCondition) -> Bool {
        var i = Int(c.first.start)
        let end = Int(c.first.end)
        while i < end {
            if portLow[i] <= value && value <= portHigh[i] { return true }
            i += 1
        }
        return false
    }

    @inline(__always)
    private func mac(_ m: MACAddress, _ c: FlatCondition) -> Bool {
        var lo = Int(c.macs.start)
        var hi = Int(c.macs.end)
        let value = m.rawValue
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if macPool[mid] < value { lo = mid &+ 1 } else { hi = mid }
        }
        return lo < Int(c.macs.end) && macPool[lo] == value
    }

    @inline(__always)
    private func bit(_ value: Int, _ c: FlatCondition) -> Bool {
        let word = Int(c.first.start) + value >> 6
        return word < Int(c.first.end) && words[word] & (1 << UInt64(value & 63)) != 0
    }
}
