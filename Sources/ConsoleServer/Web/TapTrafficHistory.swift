import ConsoleAgent
import Foundation
import Synchronization

/// The recent heartbeats' copied-traffic totals per agent, kept in memory (the last 360 per
/// agent; a console restart starts empty), for the Taps page's graph of traffic over time.
final class TapTrafficHistory: Sendable {
    struct Sample: Sendable {
        var at: Int64
        var bytes: UInt64
        var packets: UInt64
    }

    /// The process's history (agent IDs are random, so consoles in one process do not mix).
    static let shared = TapTrafficHistory()
    static let capacity = 360

    private let samples = Mutex<[String: [Sample]]>([:])

    /// Records one heartbeat's totals over all destinations.
    func record(agentID: String, at: Int64, heartbeat: AgentHeartbeat) {
        let sample = Sample(
            at: at,
            bytes: heartbeat.destinations.reduce(0) { $0 &+ $1.bytes },
            packets: heartbeat.destinations.reduce(0) { $0 &+ $1.packets }
        )
        samples.withLock { all in
            var list = all[agentID, default: []]
            list.append(sample)
            if list.count > Self.capacity { list.removeFirst(list.count - Self.capacity) }
            all[agentID] = list
        }
    }

    /// The agent's samples, oldest first.
    func samples(agentID: String) -> [Sample] { samples.withLock { $0[agentID] ?? [] } }

    /// An SVG line of copied bytes per second between consecutive heartbeats (a counter that
    /// went down, an agent restart, starts again from zero), with its peak rate as a label.
    func svg(agentID: String) -> String {
        let list = samples(agentID: agentID)
        var rates: [(at: Int64, rate: Double)] = []
        for (previous, next) in zip(list, list.dropFirst()) where next.at > previous.at {
            let bytes = next.bytes >= previous.bytes ? next.bytes - previous.bytes : next.bytes
            rates.append((next.at, Double(bytes) * 1000 / Double(next.at - previous.at)))
        }
        guard
            let graph = WebHTML.rateGraph(
                rates,
                width: 600,
                height: 120,
                attributes: "class=\"traffic\" data-agent=\"\(WebHTML.escape(agentID))\"",
                label: "copied bytes per second"
            )
        else { return "<p class=\"muted\">The graph appears after three heartbeats.</p>" }
        let current = WebHTML.rate(rates.last?.rate ?? 0)
        return """
            <figure class="graph">\(graph.svg)<figcaption>copied traffic, last \(rates.count) heartbeat intervals: \
            now \(current), peak \(graph.peak)</figcaption></figure>
            """
    }
}
