import ConsoleStore
import Foundation
import Hummingbird

/// The Coverage page: for every VM and NIC whether the current policy taps it, by which rules,
/// to which destinations, since which revision, and which host's agent does the tapping.
/// VMs with no tapped NIC are listed first, in an alert.
enum CoveragePage {
    static func tappedBadge(_ tapped: Bool) -> String {
        tapped ? "<span class=\"badge ok\">tapped</span>" : "<span class=\"badge bad\">untapped</span>"
    }

    static func render(_ core: ConsoleCore, _ identity: ConsoleIdentity, _ request: Request) async throws -> Response {
        guard let (revision, policy) = try await core.currentPolicy() else {
            return WebHTML.page(
                title: "Coverage",
                active: "/coverage",
                identity: identity,
                body: "<p class=\"alert\" id=\"untapped\">No policy yet: nothing is tapped.</p>"
            )
        }
        let estate = try await core.estate()
        let dryRun = PolicyDryRun(policy: policy, snapshot: estate)
        let now = ConsoleClock.nowMilliseconds()
        var agents: [String: (AgentRecord, AgentStatus)] = [:]
        for agent in try await core.store.agents() { agents[agent.name] = (agent, core.status(of: agent, now: now)) }
        let tappedVMs = Set(dryRun.nics.filter(\.tapped).map(\.vm))
        let untapped = estate.virtualMachines.filter { !tappedVMs.contains($0.name) }
        let alert: String
        if untapped.isEmpty {
            alert = "<p class=\"okay\" id=\"untapped\">Every VM has at least one tapped NIC.</p>"
        } else {
            let items = untapped.map {
                "<li>\(EstatePage.vmLink($0.name)) <span class=\"muted\">on \(WebHTML.escape($0.host ?? "unknown host"))</span></li>"
            }
            alert =
                "<section class=\"alert\" id=\"untapped\" role=\"alert\"><h2>\(untapped.count) untapped VM\(untapped.count == 1 ? "" : "s")</h2><ul>\(items.joined())</ul></section>"
        }
        let query = request.uri.queryParameters["q"].map(String.init) ?? ""
        let needle = query.lowercased()
        let matching = dryRun.nics.filter { nic in
            needle.isEmpty
                || ([nic.vm, nic.mac, nic.host ?? "", nic.interface ?? ""] + nic.destinations + nic.rules.map(\.rule))
                    .contains { $0.lowercased().contains(needle) }
        }
        let page = WebHTML.pageNumber(request, total: matching.count)
        let shown = Array(matching.dropFirst((page - 1) * WebHTML.pageSize).prefix(WebHTML.pageSize))
        let since = "revision \(revision.id ?? 0), \(WebHTML.time(revision.createdAt))"
        let rows = shown.map { nic -> [String] in
            let rules = nic.rules.map {
                "\(WebHTML.escape($0.rule))\($0.partial ? " <span class=\"muted\">(partial)</span>" : "")"
            }.joined(separator: ", ")
            var agent = "<span class=\"muted\">no agent</span>"
            if let host = nic.host, let (record, status) = agents[host] {
                agent = "\(WebHTML.escape(record.name)) \(TapsPage.statusBadge(status))"
            }
            return [
                EstatePage.vmLink(nic.vm), "<code>\(WebHTML.escape(nic.mac))</code>",
                WebHTML.escape(nic.interface ?? ""), WebHTML.escape(nic.host ?? ""),
                tappedBadge(nic.tapped), rules, WebHTML.escape(nic.destinations.joined(separator: ", ")),
                nic.tapped ? since : "", agent,
            ]
        }
        let table = WebHTML.table(
            id: "coverage",
            headers: ["VM", "MAC", "Interface", "Host", "Tapped", "Rules", "Destinations", "Since", "Agent"],
            rows: rows,
            rowAttributes: shown.map { "data-vm=\"\(WebHTML.escape($0.vm))\" data-tapped=\"\($0.tapped)\"" }
        )
        let body = """
            \(alert)
            <p class="summary"><span id="tapped-vms">\(dryRun.tappedVMs)</span> of \(estate.virtualMachines.count) VMs and \(dryRun.tappedNICs) of \(dryRun.nics.count) NICs tapped under policy revision \(revision.id ?? 0)</p>
            \(WebHTML.pager(path: "/coverage", query: query, page: page, total: matching.count, id: "coverage"))
            \(table)
            """
        return WebHTML.page(title: "Coverage", active: "/coverage", identity: identity, body: body)
    }
}
