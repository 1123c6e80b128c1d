import TapVocabulary

/// Everything one source (or the merged view) knows at one moment: hosts, VMs and
/// networks. A plain value: compare two snapshots with ``InventoryDiff``.
public struct InventorySnapshot: Sendable, Hashable, Codable {
    /// The hypervisor hosts.
    public var hosts: [HypervisorHost]
    /// The VMs, with their NICs.
    public var virtualMachines: [VirtualMachine]
    /// The networks, bridges and port groups.
    public var networks: [VirtualNetwork]

    /// A snapshot of the given hosts, VMs and networks, in the order given.
    public init(hosts: [HypervisorHost] = [], virtualMachines: [VirtualMachine] = [], networks: [VirtualNetwork] = []) {
        self.hosts = hosts
        self.virtualMachines = virtualMachines
        self.networks = networks
    }

    /// The empty inventory.
    public static let empty = InventorySnapshot()

    /// The same content in a canonical order (hosts, VMs and networks by name), so
    /// that equal estates compare equal whatever order a source listed them in.
    public func sorted() -> InventorySnapshot {
        InventorySnapshot(
            hosts: hosts.sorted { $0.name < $1.name },
            virtualMachines: virtualMachines.sorted { ($0.name, $0.key) < ($1.name, $1.key) },
            networks: networks.sorted { ($0.name, $0.host ?? "") < ($1.name, $1.host ?? "") }
        )
    }
}
