import NetworkTypes

/// Reviews a valid policy for likely mistakes: rules an earlier rule hides
/// completely, `vm`/`tag` keys that resolve to nothing, rules that name a
/// destination's own address (its tunnel traffic is excluded automatically).
public enum PolicyWarnings {
    /// Every warning for `policy`, in rule order. Without `resolver`, each rule with
    /// `vm` or `tag` gets an `unresolvedVM` warning (it can match nothing).
    public static func find(in policy: Policy, resolver: (any VMResolver)? = nil) -> [PolicyDiagnostic] {
        var warnings: [PolicyDiagnostic] = []
        let records = resolver?.virtualMachines()
        let shapes = policy.rules.map(RuleShape.init)
        for (index, rule) in policy.rules.enumerated() {
            if let coverer = shapes[..<index].firstIndex(where: { $0.covers(shapes[index]) }) {
                let earlier = policy.rules[coverer]
                warnings.append(PolicyDiagnostic(
                    kind: .shadowedRule,
                    message: "rule '\(rule.name)' can never match: rule '\(earlier.name)'"
                        + (earlier.location.map { " (line \($0.line))" } ?? "") + " matches every packet it would",
                    location: rule.location, ruleIndex: index))
            }
            if rule.match.usesInventory {
                let vm = VMEndpoints(of: records ?? [], namesMatching: rule.match.vmPatterns, tags: [])
                let tag = VMEndpoints(of: records ?? [], namesMatching: [], tags: rule.match.tags)
                if records == nil {
                    warnings.append(PolicyDiagnostic(
                        kind: .unresolvedVM,
                        message: "rule '\(rule.name)' uses vm/tag but no inventory was given, so it matches nothing "
                            + "(pass --vm-map FILE or --inventory SOURCE)",
                        location: rule.location, ruleIndex: index))
                } else if (!rule.match.vmPatterns.isEmpty && vm.isEmpty) || (!rule.match.tags.isEmpty && tag.isEmpty) {
                    warnings.append(PolicyDiagnostic(
                        kind: .unresolvedVM,
                        message: "rule '\(rule.name)': no VM in the inventory matches its vm/tag keys, so it matches nothing",
                        location: rule.location, ruleIndex: index))
                }
            }
            if case .send = rule.action {
                let prefixes = rule.match.nets + rule.match.sourceNets + rule.match.destinationNets
                    + rule.match.hosts.map { IPPrefix(address: $0, length: $0.isV4 ? 32 : 128) }
                let tunnelProtocols: Set<UInt8> = [IPProtocolNumber.gre, IPProtocolNumber.udp]
                let protocolsAllowTunnels = rule.match.protocols.isEmpty || !tunnelProtocols.isDisjoint(with: rule.match.protocols)
                for destination in policy.destinations
                where protocolsAllowTunnels && prefixes.contains(where: { $0.contains(destination.address) }) {
                    warnings.append(PolicyDiagnostic(
                        kind: .coversOwnTunnel,
                        message: "rule '\(rule.name)' covers destination '\(destination.name)' (\(destination.address)); "
                            + "the tap's own tunnel packets to it are never tapped",
                        location: rule.location, ruleIndex: index))
                }
            }
        }
        return warnings
    }
}

extension IPAddress {
    var isV4: Bool { if case .v4 = self { true } else { false } }
}

/// A rule's conditions in a form that can be compared for coverage without an inventory.
private struct RuleShape {
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
        let side: Side = switch m.direction { case .outbound: .source; case .inbound: .destination; case .both: .either }
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
        kinds & ~other.kinds == 0 && conditions.allSatisfy { mine in other.conditions.contains { RuleShape.implies($0, mine) } }
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
