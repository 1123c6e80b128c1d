import Inventory
import NetworkTypes
import Policy
import TapVocabulary

/// Which VMs and NICs a policy would tap, and to which destinations, against an inventory.
///
/// Per NIC, a rule applies when every endpoint key it has (`mac`, `host`, `net`, `src-net`,
/// `dst-net`, `vm`, `tag`) covers that NIC; its other keys (ports, protocols, VLANs, direction)
/// narrow which of the NIC's traffic it takes, so such a rule is listed as `partial`. The first
/// applying rule without narrowing keys ends the list (nothing after it can see that traffic).
public struct PolicyDryRun: Encodable, Sendable {
    /// What the policy does with one NIC of the inventory.
    public struct NICResult: Encodable, Sendable {
        /// The VM's name.
        public var vm: String
        /// The VM's host, when known.
        public var host: String?
        /// The NIC's MAC address.
        public var mac: String
        /// The NIC's host interface, when known.
        public var interface: String?
        /// The rules that apply to the NIC, in policy order, up to the first that takes all its traffic.
        public var rules: [RuleResult]
        /// The destinations any of this NIC's traffic may be sent to.
        public var destinations: [String]
        /// True when some of the NIC's traffic is sent somewhere.
        public var tapped: Bool { !destinations.isEmpty }

        enum CodingKeys: String, CodingKey { case vm, host, mac, interface, rules, destinations, tapped }
        /// Encodes the fields and `tapped`; `host` and `interface` are left out when unknown.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(vm, forKey: .vm)
            try container.encodeIfPresent(host, forKey: .host)
            try container.encode(mac, forKey: .mac)
            try container.encodeIfPresent(interface, forKey: .interface)
            try container.encode(rules, forKey: .rules)
            try container.encode(destinations, forKey: .destinations)
            try container.encode(tapped, forKey: .tapped)
        }
    }

    /// One rule that applies to a NIC.
    public struct RuleResult: Encodable, Sendable {
        /// The rule's name.
        public var rule: String
        /// `send` or `ignore`.
        public var action: String
        /// The destinations the rule sends to (empty for `ignore`).
        public var destinations: [String]
        /// True when the rule takes only part of the NIC's traffic (ports, protocols, ...).
        public var partial: Bool
    }

    /// Every NIC of the inventory, by VM.
    public var nics: [NICResult]
    /// NICs with some traffic tapped.
    public var tappedNICs: Int
    /// VMs with some traffic tapped.
    public var tappedVMs: Int

    /// Works out, for every NIC of `snapshot`, which rules of `policy` apply and where its traffic would go; nothing is
    /// sent.
    public init(policy: TapPolicy, snapshot: InventorySnapshot) {
        let records = snapshot.virtualMachines
        var results: [NICResult] = []
        // The VMs a rule's `vm`/`tag` keys select, once per rule (not once per NIC).
        let endpoints = policy.rules.map { rule in
            rule.match.usesInventory
                ? VMEndpoints(of: records, namesMatching: rule.match.vmPatterns, tags: rule.match.tags) : nil
        }
        for vm in snapshot.virtualMachines {
            for nic in vm.nics {
                var rules: [RuleResult] = []
                var destinations = Set<String>()
                var covered = false
                for (index, rule) in policy.rules.enumerated() {
                    guard Self.covers(rule.match, nic: nic, endpoints: endpoints[index]) else { continue }
                    let names = policy.destinationNames(rule.action.destinations)
                    let partial = Self.narrows(rule.match)
                    rules.append(
                        RuleResult(
                            rule: rule.name,
                            action: names.isEmpty ? "ignore" : "send",
                            destinations: names,
                            partial: partial
                        )
                    )
                    destinations.formUnion(names)
                    if !partial {
                        covered = true
                        break
                    }
                }
                if !covered {
                    let names = policy.destinationNames(policy.defaultAction.destinations)
                    rules.append(
                        RuleResult(
                            rule: "default",
                            action: names.isEmpty ? "ignore" : "send",
                            destinations: names,
                            partial: false
                        )
                    )
                    destinations.formUnion(names)
                }
                results.append(
                    NICResult(
                        vm: vm.name,
                        host: vm.host,
                        mac: nic.mac.description,
                        interface: nic.interfaceName,
                        rules: rules,
                        destinations: destinations.sorted()
                    )
                )
            }
        }
        nics = results
        tappedNICs = results.filter(\.tapped).count
        tappedVMs = Set(results.filter(\.tapped).map(\.vm)).count
    }

    static func covers(_ match: RuleMatch, nic: VirtualNIC, endpoints: VMEndpoints?) -> Bool {
        if !match.macs.isEmpty && !match.macs.contains(nic.mac) { return false }
        if !match.hosts.isEmpty && !nic.ips.contains(where: match.hosts.contains) { return false }
        for nets in [match.nets, match.sourceNets, match.destinationNets] where !nets.isEmpty {
            if !nic.ips.contains(where: { ip in nets.contains { $0.contains(ip) } }) { return false }
        }
        if let endpoints {
            if !endpoints.macs.contains(nic.mac) && !nic.ips.contains(where: endpoints.addresses.contains) {
                return false
            }
        }
        return true
    }

    static func narrows(_ match: RuleMatch) -> Bool {
        !match.ports.isEmpty || !match.sourcePorts.isEmpty || !match.destinationPorts.isEmpty
            || !match.protocols.isEmpty
            || !match.vlans.isEmpty || match.direction != .both || !match.sourceNets.isEmpty
            || !match.destinationNets.isEmpty
    }
}
