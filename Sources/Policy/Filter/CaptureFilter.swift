import NetworkTypes
import TapVocabulary

/// Turns a policy's tap-or-not decision into a pcap-filter expression (tcpdump
/// syntax) that libpcap compiles to BPF, so that a capture can leave frames the
/// policy ignores in the kernel.
///
/// The filter is a *superset*: it never rejects an Ethernet frame the policy would
/// tap; some ignored frames may still pass (the matcher decides them). Approximations,
/// all towards passing more: ignore rules are not subtracted (only the send rules are
/// ORed); VLAN-tagged frames all pass (`or vlan`, placed last because libpcap's `vlan`
/// shifts the offsets of the terms after it); IPv6 packets with extension headers pass
/// port and protocol terms (libpcap looks at the first next-header only). The tap's own
/// tunnel packets are excluded exactly. For Ethernet link types only.
public enum CaptureFilter {
    /// The expression, or `nil` when every frame may be tapped (a match-all send rule or
    /// a sending default), so that no filter helps.
    public static func expression(for policy: TapPolicy, virtualMachines: [VirtualMachine]? = nil) -> String? {
        if case .send = policy.defaultAction { return nil }
        let records = virtualMachines ?? []
        var terms: [String] = []
        for rule in policy.rules {
            guard case .send = rule.action else { continue }
            guard let term = term(for: rule.match, records: records) else { continue }  // cannot match untagged frames
            if term.isEmpty { return nil }  // matches everything
            terms.append(term)
        }
        let tapped = terms.isEmpty ? "ether proto 0 and not ether proto 0" : or(terms)
        let tunnels = policy.tunnelSignatures.map { endpoint in
            endpoint.usesGRE
                ? "((\(ipProto(47))) and host \(endpoint.address))"
                : "(udp and ((src host \(endpoint.address) and src port \(endpoint.udpPort)) or (dst host \(endpoint.address) and dst port \(endpoint.udpPort))))"
        }
        let untagged = tunnels.isEmpty ? "(\(tapped))" : "((\(tapped)) and not \(or(tunnels)))"
        return "\(untagged) or vlan"
    }

    /// The rule's conditions ANDed; `""` for no condition, `nil` when no untagged frame can match.
    private static func term(for m: RuleMatch, records: [VirtualMachine]) -> String? {
        if !m.vlans.isEmpty { return nil }
        let side = m.direction == .outbound ? "src " : m.direction == .inbound ? "dst " : ""
        var parts: [String] = []
        func prefixes(_ list: [IPPrefix], _ qualifier: String) {
            parts.append(or(list.map { "\(qualifier)net \($0)" }))
        }
        if !m.nets.isEmpty { prefixes(m.nets, side) }
        if !m.sourceNets.isEmpty { prefixes(m.sourceNets, "src ") }
        if !m.destinationNets.isEmpty { prefixes(m.destinationNets, "dst ") }
        if !m.hosts.isEmpty { parts.append(or(m.hosts.map { "\(side)host \($0)" })) }
        func ports(_ list: [PortRange], _ qualifier: String) {
            let exact = or(
                list.map {
                    $0.lower == $0.upper
                        ? "\(qualifier)port \($0.lower)" : "\(qualifier)portrange \($0.lower)-\($0.upper)"
                }
            )
            parts.append("(\(exact) or (ip6 and \(ipv6ExtensionHeader)))")
        }
        if !m.ports.isEmpty { ports(m.ports, side) }
        if !m.sourcePorts.isEmpty { ports(m.sourcePorts, "src ") }
        if !m.destinationPorts.isEmpty { ports(m.destinationPorts, "dst ") }
        if !m.protocols.isEmpty {
            parts.append("(\(or(m.protocols.map { ipProto($0) })) or (ip6 and \(ipv6ExtensionHeader)))")
        }
        if !m.macs.isEmpty { parts.append(or(m.macs.map { "ether \(side)host \($0)" })) }
        for (present, endpoints) in [
            (!m.vmPatterns.isEmpty, VMEndpoints(of: records, namesMatching: m.vmPatterns, tags: [])),
            (!m.tags.isEmpty, VMEndpoints(of: records, namesMatching: [], tags: m.tags)),
        ] where present {
            if endpoints.isEmpty { return nil }
            parts.append(
                or(
                    endpoints.macs.sorted().map { "ether \(side)host \($0)" }
                        + endpoints.addresses.sorted().map { "\(side)host \($0)" }
                )
            )
        }
        return parts.joined(separator: " and ")
    }

    private static func ipProto(_ number: UInt8) -> String { "ip proto \(number) or ip6 proto \(number)" }

    /// An IPv6 packet whose first next header is an extension header the decoder walks.
    private static let ipv6ExtensionHeader =
        "(ip6 proto 0 or ip6 proto 43 or ip6 proto 44 or ip6 proto 51 or ip6 proto 60 or ip6 proto 135 or ip6 proto 139 or ip6 proto 140)"

    /// `and` and `or` have equal precedence in pcap-filter (left to right): every operand is parenthesised.
    private static func or(_ terms: [String]) -> String {
        "(" + terms.map { "(\($0))" }.joined(separator: " or ") + ")"
    }
}
