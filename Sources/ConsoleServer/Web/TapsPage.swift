import ConsoleAgent
import ConsoleStore
import Foundation
import Hummingbird

/// The Taps page: every agent with its state, last heartbeat, applied configuration revision
/// and whether it has drifted from the one the console would hand it now, its interfaces,
/// capture drops, and per-destination packets, bytes, drops and errors.
enum TapsPage {
    static func statusBadge(_ status: AgentStatus) -> String {
        switch status {
        case .connected: "<span class=\"badge ok\">healthy</span>"
        case .pending: "<span class=\"badge warn\">pending</span>"
        case .disconnected: "<span class=\"badge bad\">disconnected</span>"
        case .enrolled: "<span class=\"badge warn\">never reported</span>"
        }
    }

    static func render(_ core: ConsoleCore, _ identity: ConsoleIdentity) async throws -> Response {
        let now = ConsoleClock.nowMilliseconds()
        let agents = try await core.store.agents()
        var sections: [String] = []
        var rows: [[String]] = []
        var attributes: [String] = []
        for agent in agents {
            let status = core.status(of: agent, now: now)
            let expected = try await core.bundle(for: agent).revision
            let report = agent.report.flatMap { try? JSONDecoder().decode(AgentHeartbeat.self, from: Data($0.utf8)) }
            let applied = agent.appliedRevision ?? ""
            let drift =
                applied.isEmpty
                ? "<span class=\"badge warn\">none applied</span>"
                : applied == expected
                    ? "<span class=\"badge ok\">current</span>"
                    : "<span class=\"badge bad\">drift: console has \(WebHTML.escape(expected))</span>"
            rows.append([
                WebHTML.escape(agent.name), statusBadge(status), WebHTML.time(agent.lastHeartbeatAt),
                "<code>\(WebHTML.escape(applied))</code> \(drift)",
                WebHTML.escape(report?.interfaces.joined(separator: ", ") ?? ""),
                report.map { WebHTML.packets($0.captureDrops) } ?? "", report.map { String($0.flowsExported) } ?? "",
            ])
            attributes.append("data-agent=\"\(WebHTML.escape(agent.name))\" data-status=\"\(status.rawValue)\"")
            let destinations = WebHTML.table(
                id: "destinations-\(WebHTML.escape(agent.id))",
                headers: ["Destination", "Packets", "Bytes", "Drops", "Errors"],
                rows: (report?.destinations ?? []).map {
                    [
                        WebHTML.escape($0.name), WebHTML.packets($0.packets), WebHTML.bytes($0.bytes),
                        WebHTML.packets($0.drops), String($0.errors),
                    ]
                }
            )
            sections.append(
                "<h3>\(WebHTML.escape(agent.name))</h3>\(TapTrafficHistory.shared.svg(agentID: agent.id))\(destinations)"
            )
        }
        let table = WebHTML.table(
            id: "agents",
            headers: [
                "Agent (host)", "State", "Last heartbeat", "Applied revision", "Interfaces", "Capture drops",
                "Flows exported",
            ],
            rows: rows,
            rowAttributes: attributes
        )
        let healthy = agents.filter { core.status(of: $0, now: now) == .connected }.count
        let body = """
            <p class="summary"><span id="healthy-count">\(healthy)</span> of \(agents.count) agents healthy (heartbeat every \(Int(core.configuration.heartbeatIntervalSeconds)) s; pending after 2 missed, disconnected after 3)</p>
            \(table)
            <h2>Copied traffic per destination (since each agent started)</h2>
            \(sections.joined())
            """
        return WebHTML.page(title: "Taps", active: "/taps", identity: identity, body: body)
    }
}
