import Synchronization

/// The console's counters, served at `/metrics` in Prometheus' text format.
public final class ConsoleMetrics: Sendable {
    private struct RequestKey: Hashable { var method: String, route: String, status: Int }
    private struct State {
        var requests: [RequestKey: UInt64] = [:]
        var heartbeats: UInt64 = 0
        var configFetches: UInt64 = 0
        var configNotModified: UInt64 = 0
        var enrollments: UInt64 = 0
        var policyRejected: UInt64 = 0
        var inventoryEvents: UInt64 = 0
        var heartbeatSamplesExpired: UInt64 = 0
    }
    private let state = Mutex(State())

    /// All counters zero.
    public init() {}

    func countRequest(method: String, route: String, status: Int) {
        state.withLock { $0.requests[RequestKey(method: method, route: route, status: status), default: 0] += 1 }
    }
    func countHeartbeat() { state.withLock { $0.heartbeats += 1 } }
    func countConfigFetch(notModified: Bool) {
        state.withLock {
            $0.configFetches += 1
            if notModified { $0.configNotModified += 1 }
        }
    }
    func countEnrollment() { state.withLock { $0.enrollments += 1 } }
    func countPolicyRejected() { state.withLock { $0.policyRejected += 1 } }
    func countInventoryEvents(_ count: Int) { state.withLock { $0.inventoryEvents += UInt64(count) } }
    func countHeartbeatSamplesExpired(_ count: Int) { state.withLock { $0.heartbeatSamplesExpired += UInt64(count) } }

    /// The exposition text; `agents` are the current counts by status (from the store).
    func exposition(agents: [AgentStatus: Int]) -> String {
        let snapshot = state.withLock { $0 }
        var lines: [String] = [
            "# HELP virtualtap_console_http_requests_total HTTP requests by method, route and status.",
            "# TYPE virtualtap_console_http_requests_total counter",
        ]
        for (key, count) in snapshot.requests.sorted(by: {
            ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status)
        }) {
            lines.append(
                #"virtualtap_console_http_requests_total{method="\#(key.method)",route="\#(Self.escape(key.route))",status="\#(key.status)"} \#(count)"#
            )
        }
        func counter(_ name: String, _ help: String, _ value: UInt64) {
            lines += ["# HELP \(name) \(help)", "# TYPE \(name) counter", "\(name) \(value)"]
        }
        counter("virtualtap_console_heartbeats_total", "Agent heartbeats received.", snapshot.heartbeats)
        counter("virtualtap_console_config_fetches_total", "Agent configuration fetches.", snapshot.configFetches)
        counter(
            "virtualtap_console_config_not_modified_total",
            "Configuration fetches answered 304.",
            snapshot.configNotModified
        )
        counter("virtualtap_console_enrollments_total", "Agents enrolled.", snapshot.enrollments)
        counter(
            "virtualtap_console_policy_rejected_total",
            "Policy revisions refused as invalid.",
            snapshot.policyRejected
        )
        counter("virtualtap_console_inventory_events_total", "Inventory events recorded.", snapshot.inventoryEvents)
        counter(
            "virtualtap_console_heartbeat_samples_expired_total",
            "Heartbeat samples removed by the expiry job.",
            snapshot.heartbeatSamplesExpired
        )
        lines += ["# HELP virtualtap_console_agents Agents by status.", "# TYPE virtualtap_console_agents gauge"]
        for status in [AgentStatus.enrolled, .connected, .pending, .disconnected] {
            lines.append(#"virtualtap_console_agents{status="\#(status.rawValue)"} \#(agents[status, default: 0])"#)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
