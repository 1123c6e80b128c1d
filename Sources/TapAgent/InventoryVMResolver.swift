import Inventory
import NetworkTypes
import Policy

/// Lets a policy's `vm` and `tag` keys resolve through an inventory view.
public struct InventoryVMResolver: VMResolver {
    public let index: InventoryIndex

    public init(_ index: InventoryIndex) { self.index = index }

    public func virtualMachines() -> [VMRecord] {
        index.virtualMachines.map { vm in
            VMRecord(name: vm.name, tags: Set(vm.tags), macs: vm.nics.map(\.mac), addresses: vm.nics.flatMap(\.ips))
        }
    }
}
