import ConsoleAgent
import ConsoleServer
import ConsoleStore
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// The agent's client against a live console (a real listener on 127.0.0.1).
@Suite("Console agent, live server")
struct ConsoleAgentLiveTests {
    @Test(
        "an agent enrolls, pulls with If-None-Match, reports, gets a new policy within two heartbeats, and starts offline from its cache",
        arguments: TestEngine.tested
    )
    func agentLifecycle(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let console = try await ConsoleHarness.open(location)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vt-agent-\(UUID().uuidString)")
                .path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try await console.test(.live) { client in
                let port = try #require(client.port)
                let created = try await client.execute(
                    uri: "/api/v1/enrollment-tokens",
                    method: .post,
                    headers: bearer(console.writeToken),
                    body: json(["reusable": true])
                )
                struct Token: Decodable { var token: String }
                let token = try decode(Token.self, created.body).token
                #expect(
                    try await client.execute(
                        uri: "/api/v1/policy/revisions",
                        method: .post,
                        headers: bearer(console.writeToken),
                        body: json(["text": policyText(vm: "web-1")])
                    ).status == .created
                )

                let state = try AgentStateDirectory(path: folder)
                let url = try #require(URL(string: "http://127.0.0.1:\(port)"))
                let loop = try await ConsoleAgentLoop.connect(
                    console: url,
                    state: state,
                    enrollmentToken: token,
                    name: "host-a"
                )
                let mode =
                    try FileManager.default.attributesOfItem(atPath: state.credentialPath)[.posixPermissions]
                    as? NSNumber
                #expect(mode?.intValue == 0o600)
                let bundle = try await loop.initialBundle()
                #expect(bundle.policy == policyText(vm: "web-1"))
                #expect(
                    bundle.destinations == [BundleDestination(name: "ids", address: "192.0.2.10", encapsulation: "gre")]
                )
                #expect(FileManager.default.contents(atPath: state.policyPath) == Data(policyText(vm: "web-1").utf8))
                #expect(try await loop.client.bundle(ifNoneMatch: bundle.revision) == nil)

                // The loop reports every interval (1 s here) and applies a new revision when there is one.
                let (applied, appliedFeed) = AsyncStream<ConfigBundle>.makeStream()
                let running = Task {
                    await loop.run(
                        from: bundle,
                        report: { revision in
                            AgentHeartbeat(
                                appliedRevision: revision,
                                destinations: [
                                    HeartbeatDestination(name: "ids", packets: 5, bytes: 500, drops: 0, errors: 0)
                                ]
                            )
                        },
                        apply: { appliedFeed.yield($0) }
                    )
                }
                struct Agents: Decodable {
                    struct Agent: Decodable { var status: String, appliedRevision: String?, report: AgentHeartbeat? }
                    var items: [Agent]
                }
                var reported: Agents.Agent?
                try await Poll.until("the console to list the agent's first report", timeout: 10, poll: 0.1) {
                    let agents = try await client.execute(
                        uri: "/api/v1/agents",
                        method: .get,
                        headers: bearer(console.readToken)
                    )
                    reported = try decode(Agents.self, agents.body).items.first
                    return reported?.report != nil
                }
                let listed = try #require(reported)
                #expect(listed.status == "connected")
                #expect(listed.appliedRevision == bundle.revision)
                #expect(listed.report?.destinations.first?.packets == 5)

                #expect(
                    try await client.execute(
                        uri: "/api/v1/policy/revisions",
                        method: .post,
                        headers: bearer(console.session),
                        body: json(["text": policyText(vm: "web-2")])
                    ).status == .created
                )
                // Timed from the revision being stored (the POST's own time, slow on a loaded
                // machine's debug build, is not the agent's delay).
                let submitted = ContinuousClock.now
                let timeout = Task {  // a bundle that never arrives ends the wait instead of hanging the test
                    try await Task.sleep(for: .seconds(10))
                    appliedFeed.finish()
                }
                var iterator = applied.makeAsyncIterator()
                let next = await iterator.next()
                // Two intervals (1 s each), plus a second for the round's own heartbeat and bundle
                // requests on a loaded machine (the same slack as ConsoleAgentProcessTests).
                #expect(ContinuousClock.now - submitted < .seconds(3), "within two heartbeat intervals")
                #expect(next?.policy == policyText(vm: "web-2"))
                #expect(FileManager.default.contents(atPath: state.policyPath) == Data(policyText(vm: "web-2").utf8))
                timeout.cancel()
                running.cancel()
                _ = await running.value

                // A restart without the console starts from the cached bundle.
                let offline = try await ConsoleAgentLoop.connect(
                    console: try #require(URL(string: "http://127.0.0.1:1")),
                    state: state,
                    enrollmentToken: nil,
                    name: "host-a"
                )
                #expect(try await offline.initialBundle().policy == policyText(vm: "web-2"))
            }
            try await console.close()
        }
    }

    @Test("an agent is pending after two missed heartbeats and disconnected after three")
    func agentStatus() {
        #expect(AgentStatus(lastHeartbeat: nil, now: 0, intervalSeconds: 10) == .enrolled)
        #expect(AgentStatus(lastHeartbeat: 0, now: 19_000, intervalSeconds: 10) == .connected)
        #expect(AgentStatus(lastHeartbeat: 0, now: 21_000, intervalSeconds: 10) == .pending)
        #expect(AgentStatus(lastHeartbeat: 0, now: 31_000, intervalSeconds: 10) == .disconnected)
    }
}
