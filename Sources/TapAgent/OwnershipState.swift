import NetworkTypes
import PacketCore

/// The ownership rule in force and what the agent learned under it: which MACs this host's tapped
/// interfaces transmit from. Answers, per decoded frame, whether this host ships it.
///
/// Guarantees: `owns` reads the MACs of the one `DecodedPacket` the agent decoded (no second read
/// of the frame) and allocates nothing once a sender's MAC was learned; the learned MACs survive a
/// new rule (an inventory change), so a sender seen once stays known. Used by the capture thread only.
struct OwnershipState {
    /// The rule over the inventory in force (`OwnershipRule`): which interfaces are local, which
    /// MACs are tapped anywhere, which NICs represent their network for group frames.
    private(set) var rule: OwnershipRule
    /// Senders seen transmitting on this host's tapped interfaces that the inventory does not name.
    private var learnedMACs = Set<MACAddress>()

    init(rule: OwnershipRule) { self.rule = rule }

    /// Installs the rule of a new inventory view; returns the one it replaces.
    mutating func replaceRule(with new: OwnershipRule) -> OwnershipRule {
        defer { rule = new }
        return rule
    }

    /// This host's tapped interfaces, in name order.
    var localInterfaces: [TappedInterface] { rule.localInterfaces }

    /// Whether this host ships `packet`, a frame captured on `interface` in `direction`
    /// (`isFirstInterface`: `interface` is the first local one, see `isFirst(_:)`); learns the
    /// source MAC of a transmitted frame when the interface's own MAC is not known.
    mutating func owns(
        _ packet: DecodedPacket,
        direction: CaptureDirection,
        interface: TappedInterface,
        isFirstInterface: Bool
    ) -> Bool {
        let source = packet.sourceMAC
        if direction == .transmitted, !rule.knowsMACs || interface.mac == nil, !learnedMACs.contains(source) {
            learnedMACs.insert(source)
        }
        return rule.owns(
            direction: direction,
            source: source,
            destination: packet.destinationMAC,
            interface: interface,
            isFirstInterface: isFirstInterface,
            learned: learnedMACs
        )
    }

    /// True when `name` is the first local interface (by name): group frames of bare interface
    /// lists are copied there only.
    func isFirst(_ name: String) -> Bool {
        !rule.localInterfaces.isEmpty && rule.localInterfaces[0].name == name
    }

    /// The tapped interface called `name` under the rule in force, else a bare one (an index loop:
    /// nothing allocated per batch).
    func localInterface(named name: String) -> TappedInterface? {
        var index = 0
        while index < rule.localInterfaces.count {
            if rule.localInterfaces[index].name == name { return rule.localInterfaces[index] }
            index += 1
        }
        return nil
    }
}
