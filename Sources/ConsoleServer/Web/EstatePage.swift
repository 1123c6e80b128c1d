import ConsoleStore
import Foundation
import Hummingbird
import Inventory
import TapVocabulary

/// The Estate page (hosts, networks, every VM with its NICs) and one VM's page (its NICs, its
/// coverage under the current policy and its history of migrations and NIC changes).
enum EstatePage {
    static func nicCells(_ nic: VirtualNIC) -> String {
        let ips = nic.ips.map(\.description).joined(separator: ", ")
        return
            "<code>\(nic.mac)</code> \(WebHTML.escape(ips)) \(WebHTML.escape(nic.interfaceName ?? "")) \(nic.network.map { "<span class=\"tag\">\(WebHTML.escape($0))</span>" } ?? "")"
    }

    static func vmLink(_ name: String) -> String {
        "<a href=\"/vm?name=\(WebHTML.query(name))\">\(WebHTML.escape(name))</a>"
    }

    /// True when `needle` (lowercased) is in the VM's name, host, state, tags, MACs, IPs, interfaces or networks.
    static func matches(_ vm: VirtualMachine, _ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var fields = [vm.name, vm.host ?? "", vm.state.rawValue] + vm.tags
        for nic in vm.nics {
            fields += [nic.mac.description, nic.interfaceName ?? "", nic.network ?? ""] + nic.ips.map(\.description)
        }
        return fields.contains { $0.lowercased().contains(needle) }
    }

    static func render(_ core: ConsoleCore, _ identity: ConsoleIdentity, _ request: Request) async throws -> Response {
        let estate = try await core.estate()
        let query = request.uri.queryParameters["q"].map(String.init) ?? ""
        let needle = query.lowercased()
        let matching = estate.virtualMachines.filter { matches($0, needle) }
        let page = WebHTML.pageNumber(request, total: matching.count)
        let shown = matching.dropFirst((page - 1) * WebHTML.pageSize).prefix(WebHTML.pageSize)
        let perHost = Dictionary(grouping: estate.virtualMachines, by: { $0.host ?? "" })
        let hosts = WebHTML.table(
            id: "hosts",
            headers: ["Host", "Cluster", "VMs"],
            rows: estate.hosts.map {
                [
                    "<a href=\"/estate?q=\(WebHTML.query($0.name))\">\(WebHTML.escape($0.name))</a>",
                    WebHTML.escape($0.cluster ?? ""),
                    String(perHost[$0.name]?.count ?? 0),
                ]
            }
        )
        let networks = WebHTML.table(
            id: "networks",
            headers: ["Network", "Kind", "Bridge", "VLAN", "Host"],
            rows: estate.networks.map {
                [
                    WebHTML.escape($0.name), WebHTML.escape("\($0.kind)"), WebHTML.escape($0.bridge ?? ""),
                    $0.vlan.map(String.init) ?? "", WebHTML.escape($0.host ?? ""),
                ]
            }
        )
        let vms = WebHTML.table(
            id: "vms",
            headers: ["VM", "State", "Host", "Tags", "NICs (MAC, IP, interface, network)"],
            rows: shown.map { vm in
                [
                    vmLink(vm.name), "<span class=\"state \(vm.state.rawValue)\">\(vm.state.rawValue)</span>",
                    WebHTML.escape(vm.host ?? ""),
                    vm.tags.map { "<span class=\"tag\">\(WebHTML.escape($0))</span>" }.joined(separator: " "),
                    vm.nics.map(nicCells).joined(separator: "<br>"),
                ]
            }
        )
        let running = estate.virtualMachines.filter { $0.state == .running }.count
        let body = """
            <p class="summary"><span id="host-count">\(estate.hosts.count)</span> hosts · <span id="vm-count">\(estate.virtualMachines.count)</span> VMs (\(running) running) · \(estate.networks.count) networks</p>
            <h2>Virtual machines</h2>
            \(WebHTML.pager(path: "/estate", query: query, page: page, total: matching.count, id: "vm"))
            \(vms)
            <h2>Hosts</h2>\(hosts)
            <h2>Networks</h2>\(networks)
            """
        return WebHTML.page(title: "Estate", active: "/estate", identity: identity, body: body)
    }

    static func renderVM(_ core: ConsoleCore, _ identity: ConsoleIdentity, name: String) async throws -> Response {
        let estate = try await core.estate()
        guard let vm = estate.virtualMachines.first(where: { $0.name == name }) else {
            var response = WebHTML.page(
                title: "No such VM",
                active: "/estate",
                identity: identity,
                body: "<p class=\"error\">The estate has no VM named <code>\(WebHTML.escape(name))</code>.</p>"
            )
            response.status = .notFound
            return response
        }
        var coverage: [String: PolicyDryRun.NICResult] = [:]
        if let (_, policy) = try await core.currentPolicy() {
            for nic in PolicyDryRun(
                policy: policy,
                snapshot: InventorySnapshot(hosts: estate.hosts, virtualMachines: [vm], networks: estate.networks)
            ).nics {
                coverage[nic.mac] = nic
            }
        }
        let nics = WebHTML.table(
            id: "vm-nics",
            headers: ["MAC", "IP addresses", "Interface", "Network", "VLAN", "Tapped", "Destinations"],
            rows: vm.nics.map { nic in
                let result = coverage[nic.mac.description]
                return [
                    "<code>\(nic.mac)</code>", WebHTML.escape(nic.ips.map(\.description).joined(separator: ", ")),
                    WebHTML.escape(nic.interfaceName ?? ""), WebHTML.escape(nic.network ?? ""),
                    nic.vlan.map(String.init) ?? "",
                    CoveragePage.tappedBadge(result?.tapped ?? false),
                    WebHTML.escape(result?.destinations.joined(separator: ", ") ?? ""),
                ]
            }
        )
        let events = try await core.store.estateEvents(limit: 1000).filter { $0.vm == name }
        let history = WebHTML.table(
            id: "vm-history",
            headers: ["When", "Change", "From host", "To host", "Source"],
            rows: events.map {
                [
                    WebHTML.time($0.at), WebHTML.escape($0.kind), WebHTML.escape($0.fromHost ?? ""),
                    WebHTML.escape($0.toHost ?? ""), WebHTML.escape($0.source),
                ]
            }
        )
        let traffic = try await TrafficPage.vmSection(core, vm: vm.name)
        let body = """
            <dl class="facts"><dt>State</dt><dd>\(vm.state.rawValue)</dd><dt>Host</dt><dd>\(WebHTML.escape(vm.host ?? "unknown"))</dd>\
            <dt>UUID</dt><dd>\(WebHTML.escape(vm.uuid ?? ""))</dd><dt>Tags</dt><dd>\(WebHTML.escape(vm.tags.joined(separator: ", ")))</dd></dl>
            <h2>NICs</h2>\(nics)
            <h2>History (migrations, NIC and state changes)</h2>\(history)
            <h2>Traffic</h2>\(traffic)
            """
        return WebHTML.page(title: "VM \(vm.name)", active: "/estate", identity: identity, body: body)
    }
}
