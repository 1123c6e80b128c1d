import NetworkTypes
import TapVocabulary

/// Reviews a valid policy for likely mistakes: rules an earlier rule hides
/// completely, `vm`/`tag` keys that resolve to nothing, rules that name a
/// destination's own address (its tunnel traffic is excluded automatically),
/// destinations without an `mtu` (the path MTU is then assumed).
public enum PolicyWarnings {
    /// Every warning for `policy`: destinations first, then in rule order. Without `virtualMachines`, each rule with
    /// `vm` or `tag` gets an `unresolvedVM` warning (it can match nothing).
    public static func find(in policy: TapPolicy, virtualMachines: [VirtualMachine]? = nil) -> [PolicyDiagnostic] {
        var warnings: [PolicyDiagnostic] = []
        for destination in policy.destinations where destination.mtu == nil {
            let above =
                destination.oversize == .fragment ? "sent in outer IP fragments" : "cut (the ERSPAN T bit says so)"
            warnings.append(
                PolicyDiagnostic(
                    kind: .assumedMTU,
                    message:
                        "destination '\(destination.name)' has no mtu: \(TunnelDestination.defaultMTU) is assumed and "
                        + "larger frames are \(above); set mtu: to the path MTU towards \(destination.address)",
                    location: destination.location,
                    ruleIndex: nil
                )
            )
        }
        let records = virtualMachines
        let shapes = policy.rules.map(RuleShape.init)
        var earlierRules = ShadowIndex()
        for (index, rule) in policy.rules.enumerated() {
            defer { earlierRules.add(shapes[index], at: index) }
            if let coverer = earlierRules.firstCoverer(of: shapes[index], in: shapes) {
                let earlier = policy.rules[coverer]
                warnings.append(
                    PolicyDiagnostic(
                        kind: .shadowedRule,
                        message: "rule '\(rule.name)' can never match: rule '\(earlier.name)'"
                            + (earlier.location.map { " (line \($0.line))" } ?? "") + " matches every packet it would",
                        location: rule.location,
                        ruleIndex: index
                    )
                )
            }
            if rule.match.usesInventory {
                let vm = VMEndpoints(of: records ?? [], namesMatching: rule.match.vmPatterns, tags: [])
                let tag = VMEndpoints(of: records ?? [], namesMatching: [], tags: rule.match.tags)
                if records == nil {
                    warnings.append(
                        PolicyDiagnostic(
                            kind: .unresolvedVM,
                            message:
                                "rule '\(rule.name)' uses vm/tag but no inventory was given, so it matches nothing "
                                + "(pass --inventory SOURCE)",
                            location: rule.location,
                            ruleIndex: index
                        )
                    )
                } else if (!rule.match.vmPatterns.isEmpty && vm.isEmpty) || (!rule.match.tags.isEmpty && tag.isEmpty) {
                    warnings.append(
                        PolicyDiagnostic(
                            kind: .unresolvedVM,
                            message:
                                "rule '\(rule.name)': no VM in the inventory matches its vm/tag keys, so it matches nothing",
                            location: rule.location,
                            ruleIndex: index
                        )
                    )
                }
            }
            if case .send = rule.action {
                let prefixes =
                    rule.match.nets + rule.match.sourceNets + rule.match.destinationNets
                    + rule.match.hosts.map { IPPrefix(address: $0, length: $0.isV4 ? 32 : 128) }
                let tunnelProtocols: Set<UInt8> = [IPProtocolNumber.gre, IPProtocolNumber.udp]
                let protocolsAllowTunnels =
                    rule.match.protocols.isEmpty || !tunnelProtocols.isDisjoint(with: rule.match.protocols)
                for destination in policy.destinations
                where protocolsAllowTunnels && prefixes.contains(where: { $0.contains(destination.address) }) {
                    warnings.append(
                        PolicyDiagnostic(
                            kind: .coversOwnTunnel,
                            message:
                                "rule '\(rule.name)' covers destination '\(destination.name)' (\(destination.address)); "
                                + "the tap's own tunnel packets to it are never tapped",
                            location: rule.location,
                            ruleIndex: index
                        )
                    )
                }
            }
        }
        return warnings
    }
}

extension IPAddress {
    var isV4: Bool { if case .v4 = self { true } else { false } }
}
