import ConsoleAgent

/// One row of `heartbeat_samples` (or a sum of rows): what one heartbeat added to one destination's
/// counters, or, in the agent's own row (``agentRow``, an empty destination), to its capture drops
/// and exported flows.
///
/// Every heartbeat writes the agent's own row and one row per destination it reports. A counter's
/// increase is its value minus the value in the agent's previous heartbeat; when it went down (the
/// agent restarted, or a reload started the destination again) or there is no previous value (the
/// first heartbeat, a new destination), the increase is the value itself. A restart after which a
/// counter has already passed its old value within one interval is counted as growth: the
/// heartbeat carries no start time to tell.
public struct HeartbeatSample: Sendable, Hashable, Codable {
    /// The destination's name; empty in the agent's own row.
    public var destination = ""
    /// The heartbeat's time (milliseconds since 1970); in sums, the start of the interval.
    public var at: Int64 = 0
    /// Milliseconds since the agent's previous heartbeat (0 for its first): the time the increases
    /// cover. Summed in sums.
    public var elapsedMilliseconds: Int64 = 0
    /// The heartbeats a sum counts (1 for a stored row).
    public var heartbeats: Int64 = 1
    /// Frames copied to the destination.
    public var packets: Int64 = 0
    /// Bytes of those frames.
    public var bytes: Int64 = 0
    /// Frames the agent dropped for this destination (its queue was full).
    public var drops: Int64 = 0
    /// Sends that failed.
    public var errors: Int64 = 0
    /// Frames the capture dropped (the agent's row only).
    public var captureDrops: Int64 = 0
    /// Flow records exported (the agent's row only).
    public var flowsExported: Int64 = 0

    /// A sample with zero increases for `destination` (the agent's own row when empty) at `at` (ms).
    public init(destination: String = "", at: Int64 = 0) {
        self.destination = destination
        self.at = at
    }

    /// The destination of the agent's own row.
    public static let agentRow = ""

    /// The rows of heartbeat `current` at `at`, after `previous` (the agent's last heartbeat, at
    /// `previousAt`, nil when none is stored): the agent's own row first, then one per destination
    /// (a destination named twice counts once, one with an empty name not at all).
    public static func rows(
        of current: AgentHeartbeat,
        at: Int64,
        after previous: AgentHeartbeat?,
        previousAt: Int64?
    ) -> [HeartbeatSample] {
        let elapsed = previousAt.map { max(0, at - $0) } ?? 0
        var agent = HeartbeatSample(destination: agentRow, at: at)
        agent.elapsedMilliseconds = elapsed
        agent.captureDrops = increase(current.captureDrops, previous?.captureDrops)
        agent.flowsExported = increase(current.flowsExported, previous?.flowsExported)
        var rows = [agent]
        var seen = Set<String>()
        for destination in current.destinations where destination.name != agentRow {
            guard seen.insert(destination.name).inserted else { continue }
            let before = previous?.destinations.first { $0.name == destination.name }
            var row = HeartbeatSample(destination: destination.name, at: at)
            row.elapsedMilliseconds = elapsed
            row.packets = increase(destination.packets, before?.packets)
            row.bytes = increase(destination.bytes, before?.bytes)
            row.drops = increase(destination.drops, before?.drops)
            row.errors = increase(destination.errors, before?.errors)
            rows.append(row)
        }
        return rows
    }

    /// `value - previous`, or `value` when `previous` is nil or larger (the counter started again).
    static func increase(_ value: UInt64, _ previous: UInt64?) -> Int64 {
        guard let previous, previous <= value else { return Int64(clamping: value) }
        return Int64(clamping: value - previous)
    }
}
