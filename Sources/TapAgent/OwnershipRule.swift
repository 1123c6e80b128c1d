import Inventory
import NetworkTypes
import TapVocabulary

/// Decides which agent ships each frame so that every frame between tapped VMs is copied
/// exactly once, on one host, by construction (no receiver-side deduplication needed).
///
/// The rule (see Docs/Agent.md):
/// 1. A frame a tapped NIC **transmits** is always copied, by the agent of the host the NIC is on.
/// 2. A frame a tapped NIC **receives** is copied only when its sender is not a tapped NIC
///    (anywhere in the inventory: that sender's agent copied it already) and
///    - it is unicast to this NIC's MAC (flooded unicast for another MAC is not this NIC's frame), or
///    - it is broadcast/multicast and this NIC is the group representative of its network: the first
///      tapped NIC (by VM name, then MAC) of that network across all hosts. Other receivers skip it.
///
/// Pure logic over an inventory view: an immutable value, rebuilt when the inventory changes.
/// `owns` allocates nothing.
public struct OwnershipRule: Sendable {
    /// Interfaces this host must capture on (its tapped NICs), in name order.
    public let localInterfaces: [TappedInterface]
    /// Every tapped NIC's MAC, on every host.
    public let tappedMACs: Set<MACAddress>
    /// MACs of the group representatives (one per network).
    public let groupRepresentatives: Set<MACAddress>
    /// True when the interfaces came from the inventory (MACs known); false for bare `--interface` lists.
    public let knowsMACs: Bool

    /// Builds the rule for `localHost` from the inventory: the tapped VMs are those matching any of
    /// `selectors`; extra `interfaces` named explicitly are captured too (their VM looked up by interface name
    /// on `localHost`, or among VMs the inventory places on no host).
    public init(inventory: InventoryIndex, selectors: [VMSelector], localHost: String, interfaces: [String] = []) {
        var tapped: [(vm: VirtualMachine, nic: VirtualNIC)] = []
        for vm in inventory.virtualMachines where selectors.contains(where: { $0.matches(vm) }) {
            for nic in vm.nics { tapped.append((vm, nic)) }
        }
        var local: [String: TappedInterface] = [:]
        for (vm, nic) in tapped where vm.host == localHost {
            guard let name = nic.interfaceName else { continue }
            local[name] = TappedInterface(name: name, virtualMachine: vm.name, mac: nic.mac, network: nic.network)
        }
        var macs = Set(tapped.map(\.nic.mac))
        for name in interfaces where local[name] == nil {
            if let found = inventory.nic(onInterface: name, host: localHost)
                ?? inventory.nic(onInterface: name, host: nil)
            {
                local[name] = TappedInterface(
                    name: name,
                    virtualMachine: found.vm.name,
                    mac: found.nic.mac,
                    network: found.nic.network
                )
                macs.insert(found.nic.mac)
                tapped.append(found)
            } else {
                local[name] = TappedInterface(name: name)
            }
        }
        self.localInterfaces = local.values.sorted { $0.name < $1.name }
        self.tappedMACs = macs
        var representatives: [String: (String, UInt64)] = [:]
        for (vm, nic) in tapped {
            let network = nic.network ?? ""
            let candidate = (vm.name, nic.mac.rawValue)
            if let current = representatives[network], current <= candidate { continue }
            representatives[network] = candidate
        }
        self.groupRepresentatives = Set(representatives.values.map { MACAddress(rawValue: $0.1) })
        self.knowsMACs = true
    }

    /// A rule for bare interface names without an inventory: every frame transmitted on them is
    /// copied; a received frame only when its sender is not one of them (learned from what they
    /// transmit, see `learnedMACs` in `OwnershipState`), group frames on the first interface only.
    public init(interfaces: [String]) {
        self.localInterfaces = Set(interfaces).sorted().map { TappedInterface(name: $0) }
        self.tappedMACs = []
        self.groupRepresentatives = []
        self.knowsMACs = false
    }

    /// Whether this host ships the frame seen on `interface` in `direction`.
    /// `learned` holds senders seen transmitting on this host's tapped interfaces (used with or without an inventory).
    @inlinable
    public func owns(
        direction: CaptureDirection,
        source: MACAddress,
        destination: MACAddress,
        interface: TappedInterface,
        isFirstInterface: Bool,
        learned: Set<MACAddress>
    ) -> Bool {
        if direction == .transmitted { return true }
        if tappedMACs.contains(source) || learned.contains(source) { return false }
        let isGroup = (destination.rawValue >> 40) & 1 == 1
        if isGroup {
            if let mac = interface.mac, knowsMACs { return groupRepresentatives.contains(mac) }
            return isFirstInterface
        }
        if let mac = interface.mac { return destination == mac }
        return true
    }
}
