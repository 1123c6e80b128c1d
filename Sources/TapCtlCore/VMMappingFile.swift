import Foundation
import Inventory
import NetFlow
import NetworkTypes

/// `--inventory SOURCE` for `flows` and `collect`: the VMs of an Inventory
/// source (`file:PATH`, `libvirt:URI`, `vsphere:URL`) as a NetFlow
/// `VMIdentityResolver` (by NIC address, MAC, and the host interface index of
/// the NIC's tap device when it exists here). A `file:` that the Inventory
/// parser rejects is also tried as a plain JSON mapping of the shape
/// `{"vms": [{"name": "web-1", "uuid": "…", "addresses": ["10.1.0.5"],
/// "macs": ["02:00:0a:01:00:05"], "interfaceIndexes": [3]}]}`.
enum VMMappingFile {
    static func load(_ source: String) async throws -> VMIdentityTable {
        let spec = source.contains(":") ? source : "file:" + source
        do {
            let snapshot = try await InventorySourceOption.makeSource(spec).snapshot()
            return table(from: snapshot)
        } catch {
            if spec.hasPrefix("file:"), let data = FileManager.default.contents(atPath: String(spec.dropFirst(5))),
               let mapping = try? JSONDecoder().decode(VMIdentityTable.self, from: data)
            {
                return mapping
            }
            throw CommandFailure("inventory \(spec): \(error)")
        }
    }

    /// One resolver entry per VM: every NIC's addresses and MAC, and the
    /// interface index of its tap device on this host (0 = not here).
    static func table(from snapshot: InventorySnapshot) -> VMIdentityTable {
        VMIdentityTable(vms: snapshot.virtualMachines.map { vm in
            let indexes = vm.nics.compactMap { nic -> UInt32? in
                guard let name = nic.interfaceName else { return nil }
                let index = if_nametoindex(name)
                return index == 0 ? nil : index
            }
            return VMIdentityTable.Entry(
                name: vm.name, uuid: vm.uuid, addresses: vm.nics.flatMap(\.ips), macs: vm.nics.map(\.mac),
                interfaceIndexes: indexes)
        })
    }
}
