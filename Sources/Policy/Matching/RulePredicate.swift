import NetworkTypes
import PacketCore
import TapVocabulary

/// One rule's conditions, compiled to sets with allocation-free membership tests.
/// Must agree exactly with `ReferencePolicyMatcher.matches` (the oracle in PolicyTests).
struct RulePredicate: Sendable {
    /// Which side(s) of the packet a condition examines.
    enum Side: Hashable, Sendable {
        case source, destination, either

        init(_ direction: TrafficDirection) {
            switch direction {
            case .outbound: self = .source
            case .inbound: self = .destination
            case .both: self = .either
            }
        }

        var includesSource: Bool { self != .destination }
        var includesDestination: Bool { self != .source }
    }

    enum Condition: Hashable, Sendable {
        case address(AddressSet, Side)
        case port(PortSet, Side)
        case mac(MACSet, Side)
        /// A VM endpoint: its MAC or its IP address on the side(s).
        case endpoint(MACSet, AddressSet, Side)
        case protocols(SmallBitmap)
        case vlans(SmallBitmap)
    }

    var conditions: [Condition] = []
    /// False when a `vm` or `tag` key resolved to nothing: no packet can match.
    var canMatch = true

    init(_ match: RuleMatch, vm: VMEndpoints, tag: VMEndpoints) {
        let side = Side(match.direction)
        conditions.reserveCapacity(match.keyCount)  // one allocation, no regrowth
        if !match.nets.isEmpty { conditions.append(.address(AddressSet(prefixes: match.nets), side)) }
        if !match.sourceNets.isEmpty { conditions.append(.address(AddressSet(prefixes: match.sourceNets), .source)) }
        if !match.destinationNets.isEmpty {
            conditions.append(.address(AddressSet(prefixes: match.destinationNets), .destination))
        }
        if !match.hosts.isEmpty { conditions.append(.address(AddressSet(addresses: match.hosts), side)) }
        if !match.ports.isEmpty { conditions.append(.port(PortSet(match.ports), side)) }
        if !match.sourcePorts.isEmpty { conditions.append(.port(PortSet(match.sourcePorts), .source)) }
        if !match.destinationPorts.isEmpty { conditions.append(.port(PortSet(match.destinationPorts), .destination)) }
        if !match.protocols.isEmpty {
            conditions.append(.protocols(SmallBitmap(match.protocols.map(Int.init), universe: 256)))
        }
        if !match.vlans.isEmpty { conditions.append(.vlans(SmallBitmap(match.vlans.map(Int.init), universe: 4096))) }
        if !match.macs.isEmpty { conditions.append(.mac(MACSet(match.macs), side)) }
        // Two plain tests, not a loop over an array literal (which allocated for every rule).
        if !match.vmPatterns.isEmpty { addEndpoints(vm, side) }
        if !match.tags.isEmpty { addEndpoints(tag, side) }
    }

    private mutating func addEndpoints(_ endpoints: VMEndpoints, _ side: Side) {
        if endpoints.isEmpty { canMatch = false }
        conditions.append(.endpoint(MACSet(endpoints.macs), AddressSet(addresses: endpoints.addresses), side))
    }

    @inline(__always)
    func matches(_ packet: DecodedPacket) -> Bool {
        for condition in conditions where !RulePredicate.holds(condition, packet) { return false }
        return true
    }

    @inline(__always)
    static func holds(_ condition: Condition, _ p: DecodedPacket) -> Bool {
        switch condition {
        case .address(let set, let side):
            guard p.ipVersion != 0 else { return false }
            return (side.includesSource && set.contains(p.sourceAddress))
                || (side.includesDestination && set.contains(p.destinationAddress))
        case .port(let set, let side):
            guard p.layers.contains(.tcp) || p.layers.contains(.udp) else { return false }
            return (side.includesSource && set.contains(p.sourcePort))
                || (side.includesDestination && set.contains(p.destinationPort))
        case .mac(let set, let side):
            return (side.includesSource && set.contains(p.sourceMAC))
                || (side.includesDestination && set.contains(p.destinationMAC))
        case .endpoint(let macs, let addresses, let side):
            let isIP = p.ipVersion != 0
            return
                (side.includesSource && (macs.contains(p.sourceMAC) || (isIP && addresses.contains(p.sourceAddress))))
                || (side.includesDestination
                    && (macs.contains(p.destinationMAC) || (isIP && addresses.contains(p.destinationAddress))))
        case .protocols(let set):
            return p.ipVersion != 0 && set.contains(Int(p.ipProtocol))
        case .vlans(let set):
            guard let vlanID = p.vlanID else { return false }
            return set.contains(Int(vlanID))
        }
    }
}
