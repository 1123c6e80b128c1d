import Foundation
import Inventory
import TapVocabulary

/// Renders an ``InventoryView`` as the readable table or the JSON document of
/// `tapctl inventory`.
struct InventoryReport {
    let view: InventoryView

    init(_ view: InventoryView) { self.view = view }

    /// The JSON document: `hosts`, `vms`, `networks`, `conflicts`, `failingSources`.
    struct Document: Codable {
        var hosts: [HypervisorHost]
        var vms: [VirtualMachine]
        var networks: [VirtualNetwork]
        var conflicts: [InventoryConflict]
        var failingSources: [String: String]
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let snapshot = view.snapshot
        let document = Document(
            hosts: snapshot.hosts,
            vms: snapshot.virtualMachines,
            networks: snapshot.networks,
            conflicts: view.conflicts,
            failingSources: view.failingSources
        )
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    func table() -> String {
        let snapshot = view.snapshot
        var out = ""
        var hostRows = [["HOST", "CLUSTER", "VMS"]]
        for host in snapshot.hosts {
            let count = snapshot.virtualMachines.filter { $0.host == host.name }.count
            hostRows.append([host.name, host.cluster ?? "-", String(count)])
        }
        out += Self.render(hostRows) + "\n"
        var vmRows = [["VM", "UUID", "STATE", "HOST", "TAGS", "MAC", "IP", "INTERFACE", "NETWORK", "VLAN"]]
        for vm in snapshot.virtualMachines {
            let head = [
                vm.name, vm.uuid ?? "-", vm.state.rawValue, vm.host ?? "-",
                vm.tags.isEmpty ? "-" : vm.tags.joined(separator: ","),
            ]
            if vm.nics.isEmpty { vmRows.append(head + ["-", "-", "-", "-", "-"]) }
            for (n, nic) in vm.nics.enumerated() {
                let left = n == 0 ? head : Array(repeating: "", count: head.count)
                vmRows.append(
                    left + [
                        nic.mac.description, nic.ips.isEmpty ? "-" : nic.ips.map(\.description).joined(separator: ","),
                        nic.interfaceName ?? "-", nic.network ?? "-", nic.vlan.map(String.init) ?? "-",
                    ]
                )
            }
        }
        out += Self.render(vmRows) + "\n"
        var networkRows = [["NETWORK", "KIND", "BRIDGE", "VLAN", "HOST"]]
        for network in snapshot.networks {
            networkRows.append([
                network.name, network.kind.rawValue, network.bridge ?? "-", network.vlan.map(String.init) ?? "-",
                network.host ?? "-",
            ])
        }
        out += Self.render(networkRows)
        if !view.conflicts.isEmpty {
            out += "\nCONFLICTS\n" + view.conflicts.map { "  " + $0.description + "\n" }.joined()
        }
        for (source, reason) in view.failingSources.sorted(by: { $0.key < $1.key }) {
            out += "\nSOURCE FAILING (last good view shown): \(source): \(reason)\n"
        }
        return out
    }

    /// Left-aligned columns separated by two spaces.
    static func render(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
