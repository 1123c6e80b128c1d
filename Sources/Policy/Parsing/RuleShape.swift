import NetworkTypes

/// A rule's conditions in a form that can be compared for coverage without an inventory.
struct RuleShape {
    enum Side: Equatable { case source, destination, either }
    enum Condition {
        case prefixes([IPPrefix], Side)
        case ports([PortRange], Side)
        case macs(Set<MACAddress>, Side)
        case vms([String], Side)
        case tags(Set<String>, Side)
        case protocols(Set<UInt8>)
        case vlans(Set<UInt16>)
    }

    var conditions: [Condition] = []
    /// One bit per kind of condition present: a rule can only cover another whose kinds include its own.
    var kinds: UInt8 = 0

    init(_ rule: PolicyRule) {
        defer {
            for condition in conditions {
                switch condition {
                case .prefixes: kinds |= 1
                case .ports: kinds |= 2
                case .macs: kinds |= 4
                case .vms: kinds |= 8
                case .tags: kinds |= 16
                case .protocols: kinds |= 32
                case .vlans: kinds |= 64
                }
            }
        }
        let m = rule.match
        let side: Side =
            switch m.direction {
            case .outbound: .source
            case .inbound: .destination
            case .both: .either
            }
        if !m.nets.isEmpty { conditions.append(.prefixes(m.nets, side)) }
        if !m.sourceNets.isEmpty { conditions.append(.prefixes(m.sourceNets, .source)) }
        if !m.destinationNets.isEmpty { conditions.append(.prefixes(m.destinationNets, .destination)) }
        if !m.hosts.isEmpty {
            conditions.append(.prefixes(m.hosts.map { IPPrefix(address: $0, length: $0.isV4 ? 32 : 128) }, side))
        }
        if !m.ports.isEmpty { conditions.append(.ports(m.ports, side)) }
        if !m.sourcePorts.isEmpty { conditions.append(.ports(m.sourcePorts, .source)) }
        if !m.destinationPorts.isEmpty { conditions.append(.ports(m.destinationPorts, .destination)) }
        if !m.macs.isEmpty { conditions.append(.macs(Set(m.macs), side)) }
        if !m.vmPatterns.isEmpty { conditions.append(.vms(m.vmPatterns, side)) }
        if !m.tags.isEmpty { conditions.append(.tags(Set(m.tags), side)) }
        if !m.protocols.isEmpty { conditions.append(.protocols(Set(m.protocols))) }
        if !m.vlans.isEmpty { conditions.append(.vlans(Set(m.vlans))) }
    }

    /// True when every packet `other` matches is matched by this shape (certain, not heuristic:
    /// when unsure, false).
    func covers(_ other: RuleShape) -> Bool {
        kinds & ~other.kinds == 0
            && conditions.allSatisfy { mine in other.conditions.contains { RuleShape.implies($0, mine) } }
    }

    /// True when condition `a` holding guarantees that `b` holds.
    private static func implies(_ a: Condition, _ b: Condition) -> Bool {
        func sideOK(_ a: Side, _ b: Side) -> Bool { b == .either || a == b }
        switch (a, b) {
        case (.prefixes(let pa, let sa), .prefixes(let pb, let sb)):
            return sideOK(sa, sb) && pa.allSatisfy { p in pb.contains { $0.contains(p) } }
        case (.ports(let ra, let sa), .ports(let rb, let sb)):
            return sideOK(sa, sb) && ra.allSatisfy { r in rb.contains { $0.contains(r) } }
        case (.macs(let ma, let sa), .macs(let mb, let sb)):
            return sideOK(sa, sb) && ma.isSubset(of: mb)
        case (.vms(let va, let sa), .vms(let vb, let sb)):
            return sideOK(sa, sb) && va.allSatisfy { v in vb.contains { $0 == v || $0 == "*" } }
        case (.tags(let ta, let sa), .tags(let tb, let sb)):
            return sideOK(sa, sb) && ta.isSubset(of: tb)
        case (.protocols(let a), .protocols(let b)): return a.isSubset(of: b)
        case (.vlans(let a), .vlans(let b)): return a.isSubset(of: b)
        default: return false
        }
    }
}
