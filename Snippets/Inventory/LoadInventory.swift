import Foundation
// Reads an inventory file and prints each VM with its host and NICs, then the conflicts the
// index found (two NICs claiming one MAC, or one interface on one host).
//
// Usage: LoadInventory INVENTORY.yaml|.json
import Inventory
import TapVocabulary

guard let path = CommandLine.arguments.dropFirst().first else {
    print("usage: LoadInventory INVENTORY.yaml")
    exit(2)
}
// Other sources: LibvirtSource (InventoryLibvirt) and VSphereSource (InventoryVSphere); an
// InventoryTracker merges several and reports changes and migrations.
let snapshot = try await InventoryFileSource(path: path).snapshot()
let index = InventoryIndex(snapshot)  // built once; lookups are dictionary reads
for vm in index.virtualMachines.sorted(by: { $0.name < $1.name }) {
    let nics = vm.nics.map { "\($0.mac)@\($0.interfaceName ?? "-")" }.joined(separator: ",")
    print("\(vm.name) host=\(vm.host ?? "-") nics=\(nics)")
}
for conflict in index.conflicts { print("conflict: \(conflict)") }
