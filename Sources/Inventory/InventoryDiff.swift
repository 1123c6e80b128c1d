import Foundation

/// Change events between two snapshots of the same view.
///
/// VMs are matched by ``VirtualMachine/key``. For one VM at most one event of each
/// kind is produced, in this order: moved, state, nics, updated. A VM whose key
/// appears in both snapshots is never reported as removed and added.
public enum InventoryDiff {
    /// The events that turn `old` into `new`, each stamped with `time`: first the VMs removed, then per VM of `new` (by
    /// name) added, or moved, state, NICs and updated, then the networks removed and added. Empty when the snapshots
    /// are equal.
    public static func events(from old: InventorySnapshot, to new: InventorySnapshot, at time: Date) -> [InventoryEvent]
    {
        var events: [InventoryEvent] = []
        func emit(_ change: InventoryEvent.Change) { events.append(InventoryEvent(timestamp: time, change: change)) }

        let oldVMs = Dictionary(old.virtualMachines.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let newVMs = Dictionary(new.virtualMachines.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for vm in old.sorted().virtualMachines where newVMs[vm.key] == nil {
            emit(.vmRemoved(vm))
        }
        for vm in new.sorted().virtualMachines {
            guard let before = oldVMs[vm.key] else {
                emit(.vmAdded(vm))
                continue
            }
            if before.host != vm.host { emit(.vmMoved(vm, fromHost: before.host, toHost: vm.host)) }
            if before.state != vm.state { emit(.vmStateChanged(vm, from: before.state, to: vm.state)) }
            if before.nics != vm.nics { emit(.nicsChanged(vm, old: before.nics, new: vm.nics)) }
            if before.name != vm.name || before.tags != vm.tags { emit(.vmUpdated(old: before, new: vm)) }
        }
        let oldNetworks = Set(old.networks)
        let newNetworks = Set(new.networks)
        for network in old.sorted().networks where !newNetworks.contains(network) { emit(.networkRemoved(network)) }
        for network in new.sorted().networks where !oldNetworks.contains(network) { emit(.networkAdded(network)) }
        return events
    }
}
