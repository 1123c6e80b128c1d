/// An agent's health as the console sees it from its heartbeats.
public enum AgentStatus: String, Codable, Sendable {
    /// Enrolled but never reported.
    case enrolled
    /// Reported within two heartbeat intervals.
    case connected
    /// Two heartbeats missed (more than two intervals since the last one).
    case pending
    /// Three heartbeats missed.
    case disconnected

    /// The status of an agent whose last heartbeat was at `lastHeartbeat` (`nil`: never), at `now` (both milliseconds
    /// since 1970), with heartbeats every `intervalSeconds`.
    public init(lastHeartbeat: Int64?, now: Int64, intervalSeconds: Double) {
        guard let lastHeartbeat else {
            self = .enrolled
            return
        }
        let missed = Double(now - lastHeartbeat) / (intervalSeconds * 1000)
        self = missed > 3 ? .disconnected : missed > 2 ? .pending : .connected
    }
}
