import ConsoleStore
import Hummingbird

/// An agent's tap health over a range (`GET /api/v1/agents/{id}/health`), from its stored
/// heartbeat samples: per interval, what its heartbeats added to the copied packets and bytes,
/// drops and send errors (all destinations, and each destination), capture drops and exported
/// flows; and for each destination whether it is ``Destination/stalled``.
public struct TapHealth: ResponseCodable, Sendable {
    /// What the heartbeats in one interval (or the whole range) added.
    public struct Counts: Codable, Sendable, Hashable {
        /// Frames copied to the destination(s).
        public var packets: Int64 = 0
        /// Bytes of those frames (as captured).
        public var bytes: Int64 = 0
        /// Frames dropped because a destination's queue was full.
        public var drops: Int64 = 0
        /// Sends that failed.
        public var errors: Int64 = 0
        /// The agent's capture drops and exported flows (absent for a destination).
        public var captureDrops: Int64?, flowsExported: Int64?
    }
    /// One interval of a series.
    public struct Point: Codable, Sendable, Hashable {
        /// The interval's start, seconds since 1970.
        public var start: Int64
        /// The heartbeats received in the interval (0: no data, not "nothing copied").
        public var heartbeats: Int64 = 0
        /// The time the interval's increases cover: the sum of the gaps between each of its
        /// heartbeats and the one before (0 for an agent's first). A rate is `bytes / (this / 1000)`.
        public var elapsedMilliseconds: Int64 = 0
        /// What the interval's heartbeats added.
        public var counts = Counts()
    }
    /// One destination's series and state.
    public struct Destination: Codable, Sendable {
        /// The destination's name in the policy.
        public var name: String
        /// True when the agent is connected and its last ``TapHealth/stalledAfter`` heartbeats all
        /// reported this destination and none of them added a packet to it. Judged on the newest
        /// heartbeats, whatever the range.
        public var stalled: Bool
        /// What the range's heartbeats added to this destination.
        public var totals = Counts()
        /// This destination's series, one point per interval of the range.
        public var points: [Point]
    }

    /// The agent's ID (as in `/api/v1/agents/{id}`).
    public var agentID: String
    /// The agent's name (its host).
    public var name: String
    /// The agent's state now: connected, pending or disconnected.
    public var status: AgentStatus
    /// The range widened to whole intervals, seconds since 1970.
    public var start: Int64, end: Int64
    /// The points' length in seconds (chosen from the range, see ``HealthQuery/interval(heartbeatIntervalSeconds:)``).
    public var interval: Int64
    /// How many of the newest heartbeats ``Destination/stalled`` looks at.
    public var stalledAfter: Int
    /// The whole range, all destinations together.
    public var totals = Counts()
    /// All destinations together, with capture drops and exported flows.
    public var points: [Point]
    /// Each destination the range's heartbeats reported (or only the one asked for).
    public var destinations: [Destination]

    /// How many heartbeats without a new packet make a destination stalled.
    public static let stalledAfterHeartbeats = 3

    /// The answer for `agent` over `query`'s range (`now` in milliseconds decides the agent's status).
    public static func report(
        _ agent: AgentRecord,
        _ query: HealthQuery,
        core: ConsoleCore,
        now: Int64
    ) async throws -> TapHealth {
        let interval = query.interval(heartbeatIntervalSeconds: core.configuration.heartbeatIntervalSeconds)
        let from = query.start / interval * interval
        let to = (query.end - 1) / interval * interval + interval
        let sums = try await core.store.heartbeatSampleSums(
            agentID: agent.id,
            from: from * 1000,
            to: to * 1000,
            interval: interval * 1000
        )
        let status = core.status(of: agent, now: now)
        let stalled = stalledDestinations(
            try await core.store.latestHeartbeatSamples(agentID: agent.id, heartbeats: stalledAfterHeartbeats),
            connected: status == .connected
        )
        let empty = stride(from: from, to: to, by: Int(interval)).map { Point(start: $0) }
        var health = TapHealth(
            agentID: agent.id,
            name: agent.name,
            status: status,
            start: from,
            end: to,
            interval: interval,
            stalledAfter: stalledAfterHeartbeats,
            points: empty,
            destinations: []
        )
        health.totals.captureDrops = 0
        health.totals.flowsExported = 0
        for index in health.points.indices {
            health.points[index].counts.captureDrops = 0
            health.points[index].counts.flowsExported = 0
        }
        var destinations: [String: Destination] = [:]
        for name in stalled.known { destinations[name] = Destination(name: name, stalled: false, points: empty) }
        for sum in sums {
            let index = Int((sum.at / 1000 - from) / interval)
            guard health.points.indices.contains(index) else { continue }
            if sum.destination == HeartbeatSample.agentRow {
                health.points[index].heartbeats += sum.heartbeats
                health.points[index].elapsedMilliseconds &+= sum.elapsedMilliseconds
                health.points[index].counts.add(sum, agent: true)
                health.totals.add(sum, agent: true)
                continue
            }
            health.points[index].counts.add(sum, agent: false)
            health.totals.add(sum, agent: false)
            var destination =
                destinations[sum.destination] ?? Destination(name: sum.destination, stalled: false, points: empty)
            destination.points[index].heartbeats += sum.heartbeats
            destination.points[index].elapsedMilliseconds &+= sum.elapsedMilliseconds
            destination.points[index].counts.add(sum, agent: false)
            destination.totals.add(sum, agent: false)
            destinations[sum.destination] = destination
        }
        health.destinations = destinations.values.filter { query.destination == nil || $0.name == query.destination }
            .sorted { $0.name < $1.name }.map { destination in
                var destination = destination
                destination.stalled = stalled.names.contains(destination.name)
                return destination
            }
        return health
    }

    /// From the rows of the agent's newest heartbeats (oldest first): the destinations they name,
    /// and those that are stalled (see ``Destination/stalled``).
    static func stalledDestinations(
        _ latest: [HeartbeatSample],
        connected: Bool
    ) -> (known: Set<String>, names: Set<String>) {
        let known = Set(latest.map(\.destination).filter { $0 != HeartbeatSample.agentRow })
        let heartbeats = Set(latest.filter { $0.destination == HeartbeatSample.agentRow }.map(\.at))
        guard connected, heartbeats.count >= stalledAfterHeartbeats else { return (known, []) }
        let names = known.filter { name in
            let rows = latest.filter { $0.destination == name }
            return Set(rows.map(\.at)) == heartbeats && rows.allSatisfy { $0.packets == 0 }
        }
        return (known, names)
    }
}

extension TapHealth.Counts {
    /// Adds a sum's increases (and, for the agent's own row, its capture drops and exported flows),
    /// stopping at `Int64.max` (an agent reports what it likes; the console must not trap on it).
    mutating func add(_ sample: HeartbeatSample, agent: Bool) {
        func plus(_ a: Int64, _ b: Int64) -> Int64 {
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? (b < 0 ? .min : .max) : sum
        }
        if agent {
            captureDrops = plus(captureDrops ?? 0, sample.captureDrops)
            flowsExported = plus(flowsExported ?? 0, sample.flowsExported)
            return
        }
        packets = plus(packets, sample.packets)
        bytes = plus(bytes, sample.bytes)
        drops = plus(drops, sample.drops)
        errors = plus(errors, sample.errors)
    }
}
