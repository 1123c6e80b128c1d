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
    /// The first rule with no condition at all, if any.
    private let matchAll: Int32?
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
        var v4 = SidedEntries<V4>()
        var v6 = SidedEntries<V6>()
        var mac = SidedEntries<MAC>()
        var port = SidedEntries<Port>()
        var proto: [Byte] = []
        var vlan: [Port] = []
        var lists = CandidateLists()
        var matchAll: Int32?

        let frequency = ConditionFrequency(predicates)
        var counts = IndexStatistics()
        // Per rule, the position of the key it is filed under (nil: no condition, or cannot match).
        // A rule is only reached through its key's table, and a table lists a rule only for
        // values that satisfy the key, so `FlatPredicates` leaves the key out.
        var keyConditions = [Int?](repeating: nil, count: predicates.count)
        for (number, predicate) in predicates.enumerated() where predicate.canMatch {
            let rule = Int32(number)
            guard
                let keyPosition = predicate.conditions.indices.min(by: {
                    RuleIndex.cost(predicate.conditions[$0]) * frequency.count(rule: number, position: $0)
                        < RuleIndex.cost(predicate.conditions[$1]) * frequency.count(rule: number, position: $1)
                })
            else {
                matchAll = min(matchAll ?? rule, rule)
                counts.matchAll += 1
                continue
            }
            let key = predicate.conditions[keyPosition]
            keyConditions[number] = keyPosition
            func addresses(_ set: AddressSet, _ side: RulePredicate.Side) {
                for (low, high) in set.v4Ranges { v4.append(V4(low: low, high: high, rule: rule), on: side) }
                for (low, high) in set.v6Ranges { v6.append(V6(low: low, high: high, rule: rule), on: side) }
            }
            func macs(_ set: MACSet, _ side: RulePredicate.Side) {
                for value in set.sorted { mac.append(MAC(low: value, high: value, rule: rule), on: side) }
            }
            switch key {
            case .address(let set, let side):
                addresses(set, side)
                counts.address += 1
            case .endpoint(let macSet, let addressSet, let side):
                macs(macSet, side)
                addresses(addressSet, side)
                counts.vm += 1
            case .mac(let set, let side):
                macs(set, side)
                counts.mac += 1
            case .port(let set, let side):
                for (low, high) in set.ranges { port.append(Port(low: low, high: high, rule: rule), on: side) }
                counts.port += 1
            case .protocols(let set):
                for value in set.members { proto.append(Byte(low: UInt8(value), high: UInt8(value), rule: rule)) }
                counts.proto += 1
            case .vlans(let set):
                for value in set.members { vlan.append(Port(low: UInt16(value), high: UInt16(value), rule: rule)) }
                counts.vlan += 1
            }
        }
        sourceV4 = IPv4Table(IntervalClassifier(v4.source, lists: &lists))
        destinationV4 = IPv4Table(IntervalClassifier(v4.destination, lists: &lists))
        sourceV6 = IPv6Table(IntervalClassifier(v6.source, lists: &lists))
        destinationV6 = IPv6Table(IntervalClassifier(v6.destination, lists: &lists))
        sourceMAC = MACTable(IntervalClassifier(mac.source, lists: &lists), macs: mac.source.map(\.low))
        destinationMAC = MACTable(IntervalClassifier(mac.destination, lists: &lists), macs: mac.destination.map(\.low))
        hasPortKeys = !port.isEmpty
        sourcePort = IntervalClassifier(port.source, lists: &lists).directTable(count: 65536)
        destinationPort = IntervalClassifier(port.destination, lists: &lists).directTable(count: 65536)
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
            let start = Int(lists.offsets[id])
            let end = Int(lists.offsets[id + 1])
            return start < end && flat.isKeyOnly(Int(lists.entries[start])) ? lists.entries[start] : -1
        }
        self.matchAll = matchAll
        self.statistics = counts.byName
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

    /// The index of the first rule whose predicate holds for `packet`, or nil.
    @inline(__always)
    func firstMatch(_ packet: borrowing DecodedPacket) -> Int32? {
        // The bound the lookups improve on: no rule found yet is past every rule.
        var best = matchAll ?? Int32.max
        if packet.ipVersion != 0 {
            switch packet.sourceAddress {
            case .v4(let a): if !sourceV4.isEmpty { scan(sourceV4.classID(a.rawValue), packet, &best) }
            case .v6(let a): if !sourceV6.isEmpty { scan(sourceV6.classID(a.rawValue), packet, &best) }
            }
            switch packet.destinationAddress {
            case .v4(let a):
                if !destinationV4.isEmpty { scan(destinationV4.classID(a.rawValue), packet, &best) }
            case .v6(let a):
                if !destinationV6.isEmpty { scan(destinationV6.classID(a.rawValue), packet, &best) }
            }
            let layers = packet.layers  // a local: `&&` / `||` operands cannot capture a borrowed `packet`
            if hasPortKeys && (layers.contains(.tcp) || layers.contains(.udp)) {
                let s = Int(packet.sourcePort)
                let d = Int(packet.destinationPort)
                if sourcePortUsed[s >> 6] & (1 << UInt64(s & 63)) != 0 { scan(sourcePort[s], packet, &best) }
                if destinationPortUsed[d >> 6] & (1 << UInt64(d & 63)) != 0 {
                    scan(destinationPort[d], packet, &best)
                }
            }
            scan(protocols[Int(packet.ipProtocol)], packet, &best)
        }
        if !sourceMAC.isEmpty { scan(sourceMAC.classID(packet.sourceMAC.rawValue), packet, &best) }
        if !destinationMAC.isEmpty {
            scan(destinationMAC.classID(packet.destinationMAC.rawValue), packet, &best)
        }
        // A VLAN ID above 4095 (not from a decoder, which gives 12 bits) is in no rule's set.
        if let vlanID = packet.vlanID, vlanID < 4096 { scan(vlans[Int(vlanID)], packet, &best) }
        return best == Int32.max ? nil : best
    }

    /// Walks class `id`'s rules below `best` and keeps the first whose predicate holds.
    /// Inline only the tests for the empty class (most lookups) and for a class headed by a
    /// rule that is its key alone; the walk itself is one small out-of-line function, so a
    /// packet's up to eight lookups do not each inline it.
    @inline(__always)
    private func scan(_ id: UInt32, _ packet: borrowing DecodedPacket, _ best: inout Int32) {
        guard id != 0 else { return }
        let head = keyOnlyHeads[Int(id)]
        if head >= 0 {
            if head < best { best = head }
        } else {
            walk(Int(id), packet, &best)
        }
    }

    @inline(never)
    private func walk(_ id: Int, _ packet: borrowing DecodedPacket, _ best: inout Int32) {
        var index = Int(lists.offsets[id])
        let end = Int(lists.offsets[id + 1])
        while index < end {
            let rule = lists.entries[index]
            if rule >= best { return }
            if predicates.matches(Int(rule), packet) {
                best = rule
                return
            }
            index += 1
        }
    }
}
