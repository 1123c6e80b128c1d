import ConsoleAgent
import ConsoleStore
import Foundation
import Hummingbird

/// The Taps page: every agent with its state, last heartbeat, applied configuration revision
/// and whether it has drifted from the one the console would hand it now, its interfaces,
/// capture drops, and per-destination packets, bytes, drops and errors; below, for each agent, a
/// graph of its copied bytes per second over its last 360 heartbeat intervals and each
/// destination's increase and stalled flag over that range, from the stored heartbeat samples
/// (the same ``TapHealth`` as `GET /api/v1/agents/{id}/health`).
enum TapsPage {
    /// The graphs' range: this many heartbeat intervals back from now.
    static let graphedHeartbeats = 360.0

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
        let span = Int64((graphedHeartbeats * core.configuration.heartbeatIntervalSeconds).rounded(.up))
        let range = HealthQuery(start: now / 1000 - span, end: now / 1000 + 1)
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
            let health = try await TapHealth.report(agent, range, core: core, now: now)
            let ranged = Dictionary(health.destinations.map { ($0.name, $0) }) { first, _ in first }
            let reported = report?.destinations ?? []
            let names =
                reported.map(\.name)
                + health.destinations.map(\.name).filter { name in
                    !reported.contains { $0.name == name }
                }
            let destinations = WebHTML.table(
                id: "destinations-\(WebHTML.escape(agent.id))",
                headers: [
                    "Destination", "Packets", "Bytes", "Drops", "Errors", "Copied in range", "Drops, errors in range",
                    "Health",
                ],
                rows: names.map { name in
                    let counters = reported.first { $0.name == name }
                    let totals = ranged[name]?.totals ?? TapHealth.Counts()
                    return [
                        WebHTML.escape(name), counters.map { WebHTML.packets($0.packets) } ?? "",
                        counters.map { WebHTML.bytes($0.bytes) } ?? "",
                        counters.map { WebHTML.packets($0.drops) } ?? "",
                        counters.map { String($0.errors) } ?? "",
                        "\(WebHTML.packets(UInt64(max(0, totals.packets)))), \(WebHTML.bytes(UInt64(max(0, totals.bytes))))",
                        "\(totals.drops), \(totals.errors)",
                        ranged[name]?.stalled == true
                            ? "<span class=\"badge bad\">stalled: no packet in \(health.stalledAfter) heartbeats</span>"
                            : "",
                    ]
                },
                rowAttributes: names.map { name in
                    """
                    data-destination="\(WebHTML.escape(name))" data-stalled="\(ranged[name]?.stalled == true)" \
                    data-range-packets="\(ranged[name]?.totals.packets ?? 0)"
                    """
                }
            )
            sections.append(
                "<h3>\(WebHTML.escape(agent.name))</h3>\(graph(health))\(destinations)"
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
            <h2>Copied traffic per destination</h2>
            <p class="muted">Packets, bytes, drops and errors since each agent started; the graph and "in range" \
            over the last \(span >= 7200 ? "\(span / 3600) hours" : span >= 120 ? "\(span / 60) minutes" : "\(span) seconds"), \
            from the stored heartbeats. A destination is stalled when the agent \
            is connected and its last \(TapHealth.stalledAfterHeartbeats) heartbeats added no packet to it.</p>
            \(sections.joined())
            """
        return WebHTML.page(title: "Taps", active: "/taps", identity: identity, body: body)
    }

    /// An SVG line of the agent's copied bytes per second per interval of `health` (intervals
    /// without a heartbeat, or whose heartbeats cover no time, are left out), with its peak, the
    /// latest rate and the range's drops, send errors and capture drops.
    static func graph(_ health: TapHealth) -> String {
        let rates = health.points.filter { $0.elapsedMilliseconds > 0 }.map { point in
            (at: point.start * 1000, rate: Double(point.counts.bytes) * 1000 / Double(point.elapsedMilliseconds))
        }
        guard
            let graph = WebHTML.rateGraph(
                rates,
                width: 600,
                height: 120,
                attributes: "class=\"traffic\" data-agent=\"\(WebHTML.escape(health.agentID))\"",
                label: "copied bytes per second"
            )
        else { return "<p class=\"muted\">The graph appears once two intervals have heartbeats.</p>" }
        let totals = health.totals
        return """
            <figure class="graph">\(graph.svg)<figcaption>copied traffic per \(health.interval) s: \
            now \(WebHTML.rate(rates.last?.rate ?? 0)), peak \(graph.peak); drops \(totals.drops), send errors \
            \(totals.errors), capture drops \(totals.captureDrops ?? 0)</figcaption></figure>
            """
    }
}
