import ConsoleAgent
import ConsoleStore
import Foundation
import SQLKit
import Testing

/// `heartbeat_samples` on each engine: increases per heartbeat (an agent restart counts the new
/// values), sums per interval, the newest heartbeats, expiry, and two handles sharing one database.
@Suite("Console heartbeat samples")
struct HeartbeatSampleStoreTests {
    static let start: Int64 = 1_780_000_000_000

    static func beat(
        _ destinations: [(String, UInt64)],
        captureDrops: UInt64 = 0,
        drops: UInt64 = 0,
        errors: UInt64 = 0
    ) -> AgentHeartbeat {
        AgentHeartbeat(
            appliedRevision: "p1-x",
            destinations: destinations.map {
                HeartbeatDestination(name: $0.0, packets: $0.1, bytes: $0.1 * 100, drops: drops, errors: errors)
            },
            captureDrops: captureDrops,
            flowsExported: 0
        )
    }

    static func store(_ location: DatabaseLocation, agents: [String] = ["a1"]) async throws -> ConsoleStore {
        let store = ConsoleStore(try await ConsoleDatabase.open(location))
        for id in agents {
            try await store.addAgent(
                AgentRecord(id: id, name: "host-\(id)", secretHash: "s-\(id)", enrolledAt: 1, enrolledFrom: "local")
            )
        }
        return store
    }

    static func count(_ store: ConsoleStore) async throws -> Int64 {
        try await store.database.sql.select().column(SQLRaw("COUNT(*)"), as: "n").from("heartbeat_samples").first()?
            .decode(column: "n", as: Int64.self) ?? -1
    }

    @Test(
        "each heartbeat stores its increases; counters that went down (a restart) count their new value",
        arguments: TestEngine.tested
    )
    func increasesAndRestart(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let store = try await Self.store(location)
            let t = Self.start
            let first = try await store.recordHeartbeat(
                agentID: "a1",
                at: t,
                Self.beat([("ids", 100)], captureDrops: 2, drops: 1)
            )
            // The first heartbeat: no previous one, so the counters since the agent started.
            #expect(first.map(\.destination) == ["", "ids"])
            #expect(first.map(\.elapsedMilliseconds) == [0, 0])
            #expect(first[0].captureDrops == 2 && first[1].packets == 100 && first[1].bytes == 10_000)
            #expect(first[1].drops == 1)
            let second = try await store.recordHeartbeat(
                agentID: "a1",
                at: t + 10_000,
                Self.beat([("ids", 150), ("siem", 7)], captureDrops: 5, drops: 1, errors: 2)
            )
            #expect(second.map(\.destination) == ["", "ids", "siem"])
            #expect(second.map(\.elapsedMilliseconds) == [10_000, 10_000, 10_000])
            #expect(second[0].captureDrops == 3)
            #expect(second[1].packets == 50 && second[1].bytes == 5000 && second[1].drops == 0 && second[1].errors == 2)
            #expect(second[2].packets == 7, "a destination new in this heartbeat counts its whole value")
            // The agent restarted: every counter is lower; the increase is the new value.
            let restarted = try await store.recordHeartbeat(
                agentID: "a1",
                at: t + 20_000,
                Self.beat([("ids", 20), ("siem", 7)], captureDrops: 1)
            )
            #expect(restarted[0].captureDrops == 1)
            #expect(restarted[1].packets == 20 && restarted[1].bytes == 2000 && restarted[1].errors == 0)
            #expect(restarted[2].packets == 0, "an unchanged counter adds nothing")
            let after = try await store.recordHeartbeat(agentID: "a1", at: t + 30_000, Self.beat([("ids", 25)]))
            #expect(after.map(\.packets) == [0, 5])

            // What was stored is what was returned, in the same transaction as the agent's row.
            let agent = try #require(try await store.agent(id: "a1"))
            #expect(agent.lastHeartbeatAt == t + 30_000 && agent.appliedRevision == "p1-x")
            let stored = try await store.latestHeartbeatSamples(agentID: "a1", heartbeats: 10)
            #expect(stored == first + second + restarted + after)
            #expect(try await Self.count(store) == 10)
            // The newest two heartbeats only.
            #expect(try await store.latestHeartbeatSamples(agentID: "a1", heartbeats: 2) == restarted + after)

            // Sums per 20-second interval: [t, t+20 s) holds the first two heartbeats.
            let sums = try await store.heartbeatSampleSums(agentID: "a1", from: t, to: t + 40_000, interval: 20_000)
            let first20 = sums.filter { $0.at == t }
            #expect(first20.map(\.destination) == ["", "ids", "siem"])
            #expect(first20.map(\.heartbeats) == [2, 2, 1])
            #expect(first20.map(\.packets) == [0, 150, 7])
            #expect(first20[0].captureDrops == 5 && first20[0].elapsedMilliseconds == 10_000)
            let second20 = sums.filter { $0.at == t + 20_000 }
            #expect(second20.map(\.destination) == ["", "ids", "siem"])
            #expect(second20.map(\.packets) == [0, 25, 0] && second20[0].elapsedMilliseconds == 20_000)
            // The range is half-open.
            #expect(
                try await store.heartbeatSampleSums(agentID: "a1", from: t, to: t + 10_000, interval: 20_000)
                    .map(\.heartbeats) == [1, 1]
            )
            try await store.database.close()
        }
    }

    @Test("a heartbeat of an unknown agent writes nothing", arguments: TestEngine.tested)
    func unknownAgent(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let store = try await Self.store(location, agents: [])
            #expect(try await store.recordHeartbeat(agentID: "nobody", at: Self.start, Self.beat([("ids", 1)])) == [])
            #expect(try await Self.count(store) == 0)
            try await store.database.close()
        }
    }

    @Test(
        "expiry removes the samples before the horizon, of every agent, and nothing else",
        arguments: TestEngine.tested
    )
    func expiry(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let store = try await Self.store(location, agents: ["a1", "a2"])
            for (index, at) in [Self.start, Self.start + 60_000, Self.start + 120_000].enumerated() {
                try await store.recordHeartbeat(agentID: "a1", at: at, Self.beat([("ids", UInt64(index))]))
                try await store.recordHeartbeat(agentID: "a2", at: at + 1, Self.beat([]))
            }
            #expect(try await Self.count(store) == 9)
            #expect(try await store.expireHeartbeatSamples(before: Self.start + 60_000) == 3)
            #expect(try await Self.count(store) == 6)
            #expect(try await store.expireHeartbeatSamples(before: Self.start + 60_000) == 0)
            let left = try await store.latestHeartbeatSamples(agentID: "a1", heartbeats: 10)
            #expect(
                left.map(\.at) == [
                    Self.start + 60_000, Self.start + 60_000, Self.start + 120_000, Self.start + 120_000,
                ]
            )
            // The agent's counters are in its row, so the next increase is right after expiry too.
            let next = try await store.recordHeartbeat(agentID: "a1", at: Self.start + 180_000, Self.beat([("ids", 5)]))
            #expect(next.map(\.packets) == [0, 3])
            try await store.database.close()
        }
    }

    @Test(
        "two handles on one database compute each increase from the other's last heartbeat",
        arguments: TestEngine.tested
    )
    func twoHandles(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let one = try await Self.store(location)
            let two = ConsoleStore(try await ConsoleDatabase.open(location))
            var increases: [Int64] = []
            for step in 1...6 {
                let store = step % 2 == 0 ? two : one
                let rows = try await store.recordHeartbeat(
                    agentID: "a1",
                    at: Self.start + Int64(step) * 1000,
                    Self.beat([("ids", UInt64(step * 10))])
                )
                increases.append(rows[1].packets)
            }
            #expect(increases == [10, 10, 10, 10, 10, 10])
            try await one.database.close()
            try await two.database.close()
        }
    }
}
