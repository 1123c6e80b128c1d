import NetworkTypes
import PacketCore
import Policy
import TapVocabulary

/// The policy's meaning, written as plainly as possible: every rule in order,
/// every key tested literally, first match wins.
///
/// Its cost grows with the number of rules; it is the test oracle that
/// `CompiledPolicy` is checked against, not part of the library.
struct ReferencePolicyMatcher: Sendable {
    let policy: TapPolicy
    /// The MACs and addresses each rule's `vm` and `tag` keys stand for (one entry per rule).
    private let vmEndpoints: [VMEndpoints]
    private let tagEndpoints: [VMEndpoints]
    private let tunnelGuard: TunnelGuard

    init(_ policy: TapPolicy, virtualMachines: [VirtualMachine]? = nil) {
        self.policy = policy
        let records = virtualMachines ?? []
        vmEndpoints = policy.rules.map { VMEndpoints(of: records, namesMatching: $0.match.vmPatterns, tags: []) }
        tagEndpoints = policy.rules.map { VMEndpoints(of: records, namesMatching: [], tags: $0.match.tags) }
        tunnelGuard = TunnelGuard(signatures: policy.tunnelSignatures)
    }

    func decide(_ packet: DecodedPacket) -> PolicyDecision {
        if tunnelGuard.covers(packet) { return PolicyDecision(.ownTunnel, destinations: DestinationSet()) }
        for (index, rule) in policy.rules.enumerated() where matches(index, packet) {
            return PolicyDecision(.rule(index), destinations: rule.action.destinations)
        }
        return PolicyDecision(.defaultAction, destinations: policy.defaultAction.destinations)
    }

    /// True when rule `index` matches `packet` (the tunnel guard is not consulted).
    func matches(_ index: Int, _ packet: DecodedPacket) -> Bool {
        let m = policy.rules[index].match
        let isIP = packet.ipVersion != 0
        let hasPorts = packet.layers.contains(.tcp) || packet.layers.contains(.udp)
        let src = packet.sourceAddress
        let dst = packet.destinationAddress
        let out = m.direction.includesSource
        let inbound = m.direction.includesDestination

        /// An endpoint key holds when it holds on a side the direction allows.
        func eitherSide(_ test: (_ source: Bool) -> Bool) -> Bool { (out && test(true)) || (inbound && test(false)) }

        if !m.nets.isEmpty {
            guard isIP, eitherSide({ s in m.nets.contains { $0.contains(s ? src : dst) } }) else { return false }
        }
        if !m.sourceNets.isEmpty {
            guard isIP, m.sourceNets.contains(where: { $0.contains(src) }) else { return false }
        }
        if !m.destinationNets.isEmpty {
            guard isIP, m.destinationNets.contains(where: { $0.contains(dst) }) else { return false }
        }
        if !m.hosts.isEmpty { guard isIP, eitherSide({ s in m.hosts.contains(s ? src : dst) }) else { return false } }
        if !m.ports.isEmpty {
            guard hasPorts,
                eitherSide({ s in m.ports.contains { $0.contains(s ? packet.sourcePort : packet.destinationPort) } })
            else { return false }
        }
        if !m.sourcePorts.isEmpty {
            guard hasPorts, m.sourcePorts.contains(where: { $0.contains(packet.sourcePort) }) else { return false }
        }
        if !m.destinationPorts.isEmpty {
            guard hasPorts, m.destinationPorts.contains(where: { $0.contains(packet.destinationPort) }) else {
                return false
            }
        }
        if !m.protocols.isEmpty { guard isIP, m.protocols.contains(packet.ipProtocol) else { return false } }
        if !m.vlans.isEmpty { guard let vlanID = packet.vlanID, m.vlans.contains(vlanID) else { return false } }
        if !m.macs.isEmpty {
            guard eitherSide({ s in m.macs.contains(s ? packet.sourceMAC : packet.destinationMAC) }) else {
                return false
            }
        }
        /// A VM endpoint is the sender (receiver) when the frame's source (destination) MAC or IP address is one of its own.
        func isEndpoint(_ endpoints: VMEndpoints, source: Bool) -> Bool {
            endpoints.macs.contains(source ? packet.sourceMAC : packet.destinationMAC)
                || (isIP && endpoints.addresses.contains(source ? src : dst))
        }
        if !m.vmPatterns.isEmpty {
            guard eitherSide({ isEndpoint(vmEndpoints[index], source: $0) }) else { return false }
        }
        if !m.tags.isEmpty { guard eitherSide({ isEndpoint(tagEndpoints[index], source: $0) }) else { return false } }
        return true
    }
}
