import Foundation
import Inventory
import NetFlow
import TapVocabulary

/// `--inventory SOURCE` for `flows` and `collect`: the VMs of an Inventory
/// source (`file:PATH`, `libvirt:URI`, `vsphere:URL`; a bare path is a file) as
/// a NetFlow `FlowVMTable`: by NIC address and MAC, and by the interface index
/// of a NIC's tap device when the NIC is on this host (interface names are
/// unique per host only) and the device exists here.
enum FlowVMInventory {
    static func load(_ source: String, localHost: String = ProcessInfo.processInfo.hostName) async throws -> FlowVMTable
    {
        let spec = source.contains(":") ? source : "file:" + source
        let snapshot: InventorySnapshot
        do { snapshot = try await InventorySourceOption.makeSource(spec).snapshot() } catch {
            throw CommandFailure("inventory \(spec): \(error)")
        }
        return table(from: snapshot, localHost: localHost)
    }

    /// The table over `snapshot`'s VMs; a NIC of a VM on `localHost` (or on no
    /// host) gets the interface index of its tap device here, when it exists.
    static func table(from snapshot: InventorySnapshot, localHost: String) -> FlowVMTable {
        FlowVMTable(snapshot.virtualMachines) { vm, nic in
            guard vm.host == nil || vm.host == localHost, let name = nic.interfaceName else { return nil }
            let index = if_nametoindex(name)
            return index == 0 ? nil : index
        }
    }
}
