import Foundation
import Inventory
import TapVocabulary

/// A snapshot in the inventory file format (`hosts`, `networks`, `vms`), as JSON: what an
/// agent's `file:` source reads. Only the keys the file parser accepts are written.
struct InventoryFileDocument: Encodable {
    struct Host: Encodable { var name: String, cluster: String? }
    struct Network: Encodable { var name: String, kind: String, bridge: String?, vlan: UInt16?, host: String? }
    struct NIC: Encodable { var mac: String, ips: [String], interface: String?, network: String?, vlan: UInt16? }
    struct VM: Encodable {
        var name: String, uuid: String?, host: String?, state: String, tags: [String], nics: [NIC]
    }

    var hosts: [Host]
    var networks: [Network]
    var vms: [VM]

    /// The part of `snapshot` one host needs: its VMs, itself, and the networks on it (or on no
    /// particular host). With `host` nil, everything.
    init(_ snapshot: InventorySnapshot, host: String?) {
        hosts = snapshot.hosts.filter { host == nil || $0.name == host }.map {
            Host(name: $0.name, cluster: $0.cluster)
        }
        networks = snapshot.networks.filter { host == nil || $0.host == nil || $0.host == host }.map {
            Network(name: $0.name, kind: $0.kind.rawValue, bridge: $0.bridge, vlan: $0.vlan, host: $0.host)
        }
        vms = snapshot.virtualMachines.filter { host == nil || $0.host == host }.map { vm in
            VM(
                name: vm.name,
                uuid: vm.uuid,
                host: vm.host,
                state: vm.state.rawValue,
                tags: vm.tags,
                nics: vm.nics.map {
                    NIC(
                        mac: $0.mac.description,
                        ips: $0.ips.map(\.description),
                        interface: $0.interfaceName,
                        network: $0.network,
                        vlan: $0.vlan
                    )
                }
            )
        }
    }

    /// Sorted-key JSON, so the same slice always has the same bytes (and bundle revision).
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
