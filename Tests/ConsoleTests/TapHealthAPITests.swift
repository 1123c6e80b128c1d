import ConsoleAgent
import ConsoleServer
import ConsoleStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /api/v1/agents/{id}/health` over heartbeats posted through the API: the series' sums, the
/// stalled flag, the range's checks, a restarted console's answer, the Taps page and the expiry job.
@Suite("Console tap health")
struct TapHealthAPITests {
    /// Heartbeats every 10 s, so an agent stays connected while a loaded machine runs the test.
    static func configuration() -> ConsoleConfiguration {
        var configuration = ConsoleHarness.configuration()
        configuration.heartbeatIntervalSeconds = 10
        return configuration
    }

    @Sendable static func heartbeat(
        _ client: any TestClientProtocol,
        _ agent: AgentCredential,
        ids: UInt64,
        siem: UInt64
    ) async throws {
        let beat = AgentHeartbeat(
            appliedRevision: "r",
            destinations: [
                HeartbeatDestination(name: "ids", packets: ids, bytes: ids * 1500, drops: 0, errors: ids / 100),
                HeartbeatDestination(name: "siem", packets: siem, bytes: siem * 100, drops: 1, errors: 0),
            ],
            captureDrops: ids / 10,
            flowsExported: 4
        )
        let response = try await client.execute(
            uri: "/api/v1/agents/\(agent.agentID)/heartbeat",
            method: .post,
            headers: bearer(agent.secret),
            body: json(beat)
        )
        #expect(response.status == .noContent)
        // Heartbeats in one millisecond would share a time; the stalled flag counts distinct ones.
        try await Task.sleep(for: .milliseconds(5))
    }

    @Sendable static func health(
        _ client: any TestClientProtocol,
        _ console: ConsoleHarness,
        _ agentID: String,
        _ query: String = ""
    ) async throws -> TapHealth {
        let response = try await client.execute(
            uri: "/api/v1/agents/\(agentID)/health\(query)",
            method: .get,
            headers: bearer(console.readToken)
        )
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return try decode(TapHealth.self, response.body)
    }

    @Test(
        "the series sums the posted heartbeats' increases; a destination without new packets for 3 heartbeats is stalled",
        arguments: TestEngine.tested
    )
    func seriesAndStalled(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let console = try await ConsoleHarness.open(location, configuration: Self.configuration())
            let agent = try await console.test { client in
                let agent = try await enroll(client, console, name: "hv-health")
                // ids copies 1000 packets a heartbeat and then stops; siem grows by 10 throughout.
                for (ids, siem) in [(1000, 10), (2000, 20), (2000, 30), (2000, 40), (2000, 50)] as [(UInt64, UInt64)] {
                    try await Self.heartbeat(client, agent, ids: ids, siem: siem)
                }
                let health = try await Self.health(client, console, agent.agentID)
                #expect(health.agentID == agent.agentID && health.name == "hv-health" && health.status == .connected)
                #expect(health.stalledAfter == 3)
                // The last hour: 10-second intervals (360), whole ones.
                #expect(health.interval == 10 && health.start % 10 == 0 && health.end % 10 == 0)
                #expect(health.points.count == Int((health.end - health.start) / health.interval))
                #expect(health.destinations.map(\.name) == ["ids", "siem"])
                #expect(health.destinations.map(\.stalled) == [true, false])
                let ids = health.destinations[0]
                #expect(ids.totals.packets == 2000 && ids.totals.bytes == 3_000_000 && ids.totals.errors == 20)
                #expect(ids.totals.captureDrops == nil)
                #expect(health.destinations[1].totals.packets == 50 && health.destinations[1].totals.drops == 1)
                #expect(health.totals.packets == 2050 && health.totals.captureDrops == 200)
                #expect(health.totals.flowsExported == 4)
                #expect(health.points.reduce(0) { $0 + $1.heartbeats } == 5)
                #expect(health.points.reduce(0) { $0 + $1.counts.packets } == 2050)
                #expect(ids.points.reduce(0) { $0 + $1.counts.packets } == 2000)
                // One destination only; the agent's totals stay whole.
                let only = try await Self.health(client, console, agent.agentID, "?destination=siem")
                #expect(only.destinations.map(\.name) == ["siem"] && only.totals.packets == 2050)
                // ids copies again: not stalled any more.
                try await Self.heartbeat(client, agent, ids: 2001, siem: 60)
                #expect(
                    try await Self.health(client, console, agent.agentID).destinations.map(\.stalled) == [false, false]
                )
                // A range before the heartbeats holds none of them.
                let now = ConsoleClock.nowMilliseconds() / 1000
                let before = try await Self.health(
                    client,
                    console,
                    agent.agentID,
                    "?start=\(now - 7200)&end=\(now - 3600)"
                )
                #expect(before.totals.packets == 0 && before.points.allSatisfy { $0.heartbeats == 0 })
                #expect(before.interval == 10)
                return agent
            }

            // The history is in the store: a restarted console (a new core on the same database)
            // answers the same, and its Taps page shows it.
            try await console.close()
            let restarted = try await ConsoleHarness.open(location, createAdmin: false)
            try await restarted.test { client in
                let health = try await Self.health(client, restarted, agent.agentID)
                #expect(health.destinations.map(\.totals.packets) == [2001, 60])
                let page = try await client.execute(uri: "/taps", method: .get, headers: bearer(restarted.readToken))
                #expect(page.status == .ok)
                let html = String(buffer: page.body)
                #expect(html.contains("data-destination=\"ids\" data-stalled=\"false\""))
                #expect(html.contains("data-destination=\"siem\" data-stalled=\"false\""))
            }
            try await restarted.close()
        }
    }

    @Test(
        "the Taps page graphs the stored heartbeats' bytes per second and marks a stalled destination",
        arguments: TestEngine.tested
    )
    func tapsPage(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let console = try await ConsoleHarness.open(location, configuration: Self.configuration())
            try await console.core.store.addAgent(
                AgentRecord(id: "a-page", name: "hv-page", secretHash: "s-page", enrolledAt: 1, enrolledFrom: "local")
            )
            let now = ConsoleClock.nowMilliseconds()
            // ids copies 100 packets of 1500 bytes in the first 100 s and nothing after; siem grows.
            // The page's range is 360 heartbeat intervals (an hour) in 10-second intervals.
            for (ago, ids, siem) in [
                (300_000, 100, 1), (200_000, 200, 2), (100_000, 200, 3), (50_000, 200, 4), (0, 200, 5),
            ]
                as [(Int64, UInt64, UInt64)]
            {
                try await console.core.store.recordHeartbeat(
                    agentID: "a-page",
                    at: now - ago,
                    AgentHeartbeat(
                        appliedRevision: nil,
                        destinations: [
                            HeartbeatDestination(name: "ids", packets: ids, bytes: ids * 1500, drops: 0, errors: 2),
                            HeartbeatDestination(name: "siem", packets: siem, bytes: siem * 100, drops: 0, errors: 0),
                        ],
                        captureDrops: 7
                    )
                )
            }
            try await console.test { client in
                let page = try await client.execute(uri: "/taps", method: .get, headers: bearer(console.readToken))
                #expect(page.status == .ok)
                let html = String(buffer: page.body)
                let svg = try #require(html.range(of: "<svg class=\"traffic\" data-agent=\"a-page\""))
                let points = try #require(html[svg.upperBound...].range(of: "points=\""))
                let list = html[points.upperBound...].prefix { $0 != "\"" }.split(separator: " ")
                #expect(list.count == 4, "one point per interval whose heartbeats cover time: \(list)")
                // 100 packets of 1500 bytes in 100 s is 1.5 kB/s, the peak.
                #expect(html.contains("peak 1.50 kB/s; drops 0, send errors 2, capture drops 7"))
                #expect(html.contains("data-destination=\"ids\" data-stalled=\"true\""))
                #expect(html.contains("data-destination=\"siem\" data-stalled=\"false\""))
                #expect(html.contains("stalled: no packet in 3 heartbeats"))
            }
            try await console.close()
        }
    }

    @Test("bad ranges are 400, an unknown agent 404, an agent's own secret 403", arguments: TestEngine.tested)
    func refusals(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let console = try await ConsoleHarness.open(location)
            try await console.test { client in
                let agent = try await enroll(client, console, name: "hv-refusals")
                for query in [
                    "?start=100&end=100", "?start=200&end=100", "?start=x", "?end=-1", "?start=0&end=99999999999",
                    "?start=0&end=\(3 * 366 * 86_400 + 1)",
                ] {
                    let response = try await client.execute(
                        uri: "/api/v1/agents/\(agent.agentID)/health\(query)",
                        method: .get,
                        headers: bearer(console.readToken)
                    )
                    #expect(response.status == .badRequest, "\(query)")
                }
                #expect(
                    try await client.execute(
                        uri: "/api/v1/agents/nobody/health",
                        method: .get,
                        headers: bearer(console.readToken)
                    ).status == .notFound
                )
                #expect(
                    try await client.execute(
                        uri: "/api/v1/agents/\(agent.agentID)/health",
                        method: .get,
                        headers: bearer(agent.secret)
                    ).status == .forbidden
                )
                // An agent that never reported has empty series and nothing stalled.
                let health = try await Self.health(client, console, agent.agentID, "?start=0&end=86400")
                #expect(health.status == .enrolled && health.destinations.isEmpty && health.interval == 300)
            }
            try await console.close()
        }
    }

    @Test("the interval grows with the range and is never shorter than a heartbeat interval")
    func intervals() {
        #expect(HealthQuery(start: 0, end: 3600).interval(heartbeatIntervalSeconds: 10) == 10)
        #expect(HealthQuery(start: 0, end: 600).interval(heartbeatIntervalSeconds: 10) == 10)
        #expect(HealthQuery(start: 0, end: 600).interval(heartbeatIntervalSeconds: 1) == 2)
        #expect(HealthQuery(start: 0, end: 720).interval(heartbeatIntervalSeconds: 2) == 2)
        #expect(HealthQuery(start: 0, end: 86_400).interval(heartbeatIntervalSeconds: 10) == 300)
        #expect(HealthQuery(start: 0, end: 7 * 86_400).interval(heartbeatIntervalSeconds: 10) == 3600)
        #expect(HealthQuery(start: 0, end: 3 * 366 * 86_400).interval(heartbeatIntervalSeconds: 10) == 4 * 86_400)
    }

    @Test("the expiry job removes samples older than the retention", arguments: TestEngine.tested)
    func expiryJob(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            var configuration = ConsoleHarness.configuration()
            configuration.healthRetentionSeconds = 60
            let core = ConsoleCore(
                store: ConsoleStore(try await ConsoleDatabase.open(location)),
                configuration: configuration
            )
            try await core.store.addAgent(
                AgentRecord(id: "a1", name: "hv", secretHash: "s", enrolledAt: 1, enrolledFrom: "local")
            )
            let now = ConsoleClock.nowMilliseconds()
            try await core.store.recordHeartbeat(agentID: "a1", at: now - 61_000, AgentHeartbeat(appliedRevision: nil))
            try await core.store.recordHeartbeat(agentID: "a1", at: now - 59_000, AgentHeartbeat(appliedRevision: nil))
            let job = HeartbeatSampleExpiryService(core: core)
            #expect(await job.expire(now: now) == 1)
            #expect(
                try await core.store.latestHeartbeatSamples(agentID: "a1", heartbeats: 5).map(\.at) == [now - 59_000]
            )
            #expect(await job.expire(now: now) == 0)
            try await core.store.database.close()
        }
    }
}
