import NetworkTypes
import PacketCore

/// Finds the first rule a packet matches without looking at every rule.
///
/// Each rule is filed under one of its conditions, its *key* (the most selective,
/// least shared one: a MAC or host before a port, a port before a protocol). Per
/// packet field there is a lookup structure giving, in constant time, the
/// ascending list of rules filed under the value the packet carries: the
/// 16-8-8 `IPv4Table`, tables for ports, protocols and VLANs, a binary search for
/// IPv6 addresses, a hash table for MACs. Each list is walked in rule order and stops at the first
/// rule whose full predicate holds, or at the best rule found so far. A rule
/// matching a packet always appears in the list of its key's field, so the
/// minimum over the lists is the first matching rule. The work per packet is a
/// fixed number of lookups plus the rules sharing a key value that precede the
/// first hit; it does not grow with the number of rules.
///
/// A class, not a struct: the packet path then reads the tables through one
/// reference instead of copying the struct's 280 bytes to the stack per packet.
final class RuleIndex: Sendable {
    private let lists: CandidateLists
    /// Per class: its first rule when that rule is its key alone (then it is the class's first
    /// match, found without walking the list), else -1.
    private let keyOnlyHeads: [Int32]
    /// Every rule's conditions but its key, tested on the candidates the tables give.
    private let predicates: FlatPredicates
    /// The first rule with no condition at all, `Int32.max` when none.
    private let matchAll: Int32
    private let sourceV4, destinationV4: IPv4Table
    private let sourceV6, destinationV6: IPv6Table
    private let sourceMAC, destinationMAC: MACTable
    private let sourcePort, destinationPort, protocols, vlans: [UInt32]
    private let hasPortKeys: Bool
    /// One bit per port whose class is not empty (8 KiB, stays in L1): most ports, the
    /// ephemeral ones, are answered without touching the 256 KiB class tables.
    private let sourcePortUsed, destinationPortUsed: [UInt64]

    /// How many rules are filed under each field, for `tapctl policy check`.
    let statistics: [String: Int]

    init(_ predicates: [RulePredicate]) {
        typealias V4 = IntervalClassifier<UInt32>.Entry
        typealias V6 = IntervalClassifier<UInt128>.Entry
        typealias MAC = IntervalClassifier<UInt64>.Entry
        typealias Port = IntervalClassifier<UInt16>.Entry
        typealias Byte = IntervalClassifier<UInt8>.Entry
        var v4: ([V4], [V4]) = ([], []), v6: ([V6], [V6]) = ([], []), mac: ([MAC], [MAC]) = ([], [])
        var port: ([Port], [Port]) = ([], []), proto: [Byte] = [], vlan: [Port] = []
        var lists = CandidateLists()
        var matchAll = Int32.max

        let frequency = ConditionFrequency(predicates)
        // Rules per kind of key, counted in place and named once at the end.
        let statisticNames = ["match-all", "address", "vm", "mac", "port", "proto", "vlan"]
        var statisticCounts = [Int](repeating: 0, count: statisticNames.count)
        // Per rule, the position of the key it is filed under (nil: no condition, or cannot match).
        // A rule is only reached through its key's table, and a table lists a rule only for
        // values that satisfy the key, so `FlatPredicates` leaves the key out.
        var keyConditions = [Int?](repeating: nil, count: predicates.count)
        for (number, predicate) in predicates.enumerated() where predicate.canMatch {
            let rule = Int32(number)
            guard let keyPosition = predicate.conditions.indices.min(by: {
                RuleIndex.cost(predicate.conditions[$0]) * frequency.count(rule: number, position: $0)
                    < RuleIndex.cost(predicate.conditions[$1]) * frequency.count(rule: number, position: $1)
            }) else {
                matchAll = min(matchAll, rule)
                statisticCounts[0] += 1
                continue
            }
            let key = predicate.conditions[keyPosition]
            keyConditions[number] = keyPosition
            func addresses(_ set: AddressSet, _ side: RulePredicate.Side) {
                for (low, high) in set.v4Ranges {
                    if side.includesSource { v4.0.append(V4(low: low, high: high, rule: rule)) }
                    if side.includesDestination { v4.1.append(V4(low: low, high: high, rule: rule)) }
                }
                for (low, high) in set.v6Ranges {
                    if side.includesSource { v6.0.append(V6(low: low, high: high, rule: rule)) }
                    if side.includesDestination { v6.1.append(V6(low: low, high: high, rule: rule)) }
                }
            }
            func macs(_ set: MACSet, _ side: RulePredicate.Side) {
                for value in set.sorted {
                    if side.includesSource { mac.0.append(MAC(low: value, high: value, rule: rule)) }
                    if side.includesDestination { mac.1.append(MAC(low: value, high: value, rule: rule)) }
                }
            }
            switch key {
            case .address(let set, let side):
                addresses(set, side)
                statisticCounts[1] += 1
            case .endpoint(let macSet, let addressSet, let side):
                macs(macSet, side)
                addresses(addressSet, side)
                statisticCounts[2] += 1
            case .mac(let set, let side):
                macs(set, side)
                statisticCounts[3] += 1
            case .port(let set, let side):
                for (low, high) in set.ranges {
                    if side.includesSource { port.0.append(Port(low: low, high: high, rule: rule)) }
                    if side.includesDestination { port.1.append(Port(low: low, high: high, rule: rule)) }
                }
                statisticCounts[4] += 1
            case .protocols(let set):
                for value in set.members { proto.append(Byte(low: UInt8(value), high: UInt8(value), rule: rule)) }
                statisticCounts[5] += 1
            case .vlans(let set):
                for value in set.members { vlan.append(Port(low: UInt16(value), high: UInt16(value), rule: rule)) }
                statisticCounts[6] += 1
            }
        }
        sourceV4 = IPv4Table(IntervalClassifier(v4.0, lists: &lists))
        destinationV4 = IPv4Table(IntervalClassifier(v4.1, lists: &lists))
        sourceV6 = IPv6Table(IntervalClassifier(v6.0, lists: &lists))
        destinationV6 = IPv6Table(IntervalClassifier(v6.1, lists: &lists))
        sourceMAC = MACTable(IntervalClassifier(mac.0, lists: &lists), macs: mac.0.map(\.low))
        destinationMAC = MACTable(IntervalClassifier(mac.1, lists: &lists), macs: mac.1.map(\.low))
        hasPortKeys = !port.0.isEmpty || !port.1.isEmpty
        sourcePort = IntervalClassifier(port.0, lists: &lists).directTable(count: 65536)
        destinationPort = IntervalClassifier(port.1, lists: &lists).directTable(count: 65536)
        func used(_ table: [UInt32]) -> [UInt64] {
            var bits = [UInt64](repeating: 0, count: 1024)
            for (port, id) in table.enumerated() where id != 0 { bits[port >> 6] |= 1 << UInt64(port & 63) }
            return bits
        }
        sourcePortUsed = used(sourcePort)
        destinationPortUsed = used(destinationPort)
        protocols = IntervalClassifier(proto, lists: &lists).directTable(count: 256)
        vlans = IntervalClassifier(vlan, lists: &lists).directTable(count: 4096)
        lists.finish()
        self.lists = lists
        let flat = FlatPredicates(predicates, keys: keyConditions)
        self.predicates = flat
        keyOnlyHeads = (0..<lists.classCount).map { id in
            let start = Int(lists.offsets[id]), end = Int(lists.offsets[id + 1])
            return start < end && flat.isKeyOnly(Int(lists.entries[start])) ? lists.entries[start] : -1
        }
        self.matchAll = matchAll
        var statistics: [String: Int] = [:]
        for (name, count) in zip(statisticNames, statisticCounts) where count > 0 { statistics[name] = count }
        self.statistics = statistics
    }

    /// A rough price of filing a rule under `condition`: how much traffic the key lets through.
    private static func cost(_ condition: RulePredicate.Condition) -> Int {
        func sides(_ side: RulePredicate.Side) -> Int { side == .either ? 2 : 1 }
        switch condition {
        case .mac(_, let side): return 1 * sides(side)
        case .endpoint(_, _, let side): return 2 * sides(side)
        case .address(let set, let side): return (2 + set.widestSpanLog2) * sides(side)
        case .port(let set, let side): return (3 + set.size / 16) * sides(side)
        case .vlans(let set): return 8 * set.members.count
        case .protocols(let set): return 1000 * set.members.count
        }
    }

    /// The index of the first rule whose predicate holds for `packet`, or `Int32.max`.
    @inline(__always)
    func firstMatch(_ packet: inout DecodedPacket) -> Int32 {
        var best = matchAll
        if packet.ipVersion != 0 {
            switch packet.sourceAddress {
            case .v4(let a): if !sourceV4.isEmpty { scan(sourceV4.classID(a.rawValue), &packet, &best) }
            case .v6(let a): if !sourceV6.isEmpty { scan(sourceV6.classID(a.rawValue), &packet, &best) }
            }
            switch packet.destinationAddress {
            case .v4(let a):
                if !destinationV4.isEmpty { scan(destinationV4.classID(a.rawValue), &packet, &best) }
            case .v6(let a):
                if !destinationV6.isEmpty { scan(destinationV6.classID(a.rawValue), &packet, &best) }
            }
            if hasPortKeys && (packet.layers.contains(.tcp) || packet.layers.contains(.udp)) {
                let s = Int(packet.sourcePort), d = Int(packet.destinationPort)
                if sourcePortUsed[s >> 6] & (1 << UInt64(s & 63)) != 0 { scan(sourcePort[s], &packet, &best) }
                if destinationPortUsed[d >> 6] & (1 << UInt64(d & 63)) != 0 {
                    scan(destinationPort[d], &packet, &best)
                }
            }
            scan(protocols[Int(packet.ipProtocol)], &packet, &best)
        }
        if !sourceMAC.isEmpty { scan(sourceMAC.classID(packet.sourceMAC.rawValue), &packet, &best) }
        if !destinationMAC.isEmpty {
            scan(destinationMAC.classID(packet.destinationMAC.rawValue), &packet, &best)
        }
        // A VLAN ID above 4095 (not from a decoder, which gives 12 bits) is in no rule's set.
        if packet.vlanCount > 0 && packet.vlanID < 4096 { scan(vlans[Int(packet.vlanID)], &packet, &best) }
        return best
    }

    /// Walks class `id`'s rules below `best` and keeps the first whose predicate holds.
    /// Inline only the tests for the empty class (most lookups) and for a class headed by a
    /// rule that is its key alone; the walk itself is one small out-of-line function, so a
    /// packet's up to eight lookups do not each inline it.
    @inline(__always)
    private func scan(_ id: UInt32, _ packet: inout DecodedPacket, _ best: inout Int32) {
        guard id != 0 else { return }
        let head = keyOnlyHeads[Int(id)]
        if head >= 0 {
            if head < best { best = head }
        } else {
            walk(Int(id), &packet, &best)
        }
    }

    @inline(never)
    private func walk(_ id: Int, _ packet: inout DecodedPacket, _ best: inout Int32) {
        var index = Int(lists.offsets[id])
        let end = Int(lists.offsets[id + 1])
        while index < end {
            let rule = lists.entries[index]
            if rule >= best { return }
            if predicates.matches(Int(rule), &packet) {
                best = rule
                return
            }
            index += 1
        }
    }
}
