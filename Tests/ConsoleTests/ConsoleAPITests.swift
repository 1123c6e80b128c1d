import ConsoleAgent
import ConsoleServer
import ConsoleStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The API on SQLite and PostgreSQL, through Hummingbird's testing client.
@Suite("Console API")
struct ConsoleAPITests {
    /// Every operation of the OpenAPI document as (method, path with {id} filled in).
    static func documentedOperations(
        _ json: Data = Data(OpenAPIDocument.json.utf8)
    ) throws -> [(method: String, path: String)] {
        let document = try JSONSerialization.jsonObject(with: json) as? [String: Any]
        let paths = try #require(document?["paths"] as? [String: [String: Any]])
        return paths.flatMap { path, operations in operations.keys.map { ($0.uppercased(), path) } }.sorted {
            ($0.path, $0.method) < ($1.path, $1.method)
        }
    }

    /// Operations anyone may call (they carry their own secret in the body) or that change nothing.
    static let notWrites: Set<String> = [
        "POST /api/v1/auth/login", "POST /api/v1/agents/enroll", "POST /api/v1/policy/validate",
        "POST /api/v1/policy/dry-run",
    ]

    @Test("every route is in the served OpenAPI document and every documented operation is routed")
    func routesMatchDocument() async throws {
        try await TestDatabase.with(.sqlite) { location in
            let core = ConsoleCore(
                store: ConsoleStore(try await ConsoleDatabase.open(location)),
                configuration: ConsoleHarness.configuration()
            )
            let router = ConsoleRouter.make(core: core)
            // The web pages (ConsoleWebRoutes) are HTML, outside the API and its document.
            let routed = Set(
                router.routes.filter { route in
                    let path = route.path.description.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                    return path.hasPrefix("api/") || path == "healthz" || path == "metrics"
                }.map { route in
                    let path =
                        "/"
                        + route.path.description.split(separator: "/").map {
                            $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
                        }.joined(separator: "/")
                    return "\(route.method.rawValue) \(path)"
                }
            )
            let served = try await Application(router: router).test(.router) { client in
                let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                return Data(response.body.readableBytesView)
            }
            #expect(served == Data(OpenAPIDocument.json.utf8))
            let documented = Set(try Self.documentedOperations(served).map { "\($0.method) \($0.path)" })
            #expect(routed.subtracting(documented).isEmpty, "routed but not documented")
            #expect(documented.subtracting(routed).isEmpty, "documented but not routed")
            #expect(routed.count >= 25)
            try await core.store.database.close()
        }
    }

    @Test("every write without credentials is 401 and with a read token 403", arguments: TestEngine.tested)
    func writesNeedWriteScope(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let console = try await ConsoleHarness.open(location)
            let writes = try Self.documentedOperations().filter {
                $0.method != "GET" && !Self.notWrites.contains("\($0.method) \($0.path)")
            }
            #expect(writes.count >= 7)
            try await console.test { client in
                for operation in writes {
                    let uri = operation.path.replacingOccurrences(of: "{id}", with: "x1")
                    let method = HTTPRequest.Method(rawValue: operation.method)!
                    let anonymous = try await client.execute(
                        uri: uri,
                        method: method,
                        headers: [.contentType: "application/json"],
                        body: json(["name": "n"])
                    )
                    #expect(anonymous.status == .unauthorized, "\(operation.method) \(uri) without credentials")
                    let reader = try await client.execute(
                        uri: uri,
                        method: method,
                        headers: bearer(console.readToken),
                        body: json(["name": "n"])
                    )
                    #expect(reader.status == .forbidden, "\(operation.method) \(uri) with a read token")
                }
                // And the read token does read; a wrong secret is 401 even for reads.
                #expect(
                    try await client.execute(uri: "/api/v1/audit", method: .get, headers: bearer(console.readToken))
                        .status == .ok
                )
                #expect(
                    try await client.execute(uri: "/api/v1/audit", method: .get, headers: bearer("vtt_nonsense")).status
                        == .unauthorized
                )
                #expect(try await client.execute(uri: "/api/v1/audit", method: .get).status == .unauthorized)
            }
            try await console.close()
        }
    }

    @Test("an agent reads only its own configuration and writes only its own heartbeat", arguments: TestEngine.tested)
    func agentIsolation(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let console = try await ConsoleHarness.open(location)
            try await console.test { client in
                let a = try await enroll(client, console, name: "host-a")
                let b = try await enroll(client, console, name: "host-b")
                #expect(
                    try await client.execute(
                        uri: "/api/v1/agents/\(a.agentID)/config",
                        method: .get,
                        headers: bearer(a.secret)
                    ).status == .ok
                )
                #expect(
                    try await client.execute(
                        uri: "/api/v1/agents/\(b.agentID)/config",
                        method: .get,
                        headers: bearer(a.secret)
                    ).status == .forbidden
                )
                let beat = json(AgentHeartbeat(appliedRevision: "r"))
                #expect(
                    try await client.execute(
                        uri: "/api/v1/agents/\(b.agentID)/heartbeat",
                        method: .post,
                        headers: bearer(a.secret),
                        body: beat
                    ).status == .forbidden
                )
                #expect(
                    try await client.execute(
                        uri: "/api/v1/agents/\(a.agentID)/heartbeat",
                        method: .post,
                        headers: bearer(a.secret),
                        body: beat
                    ).status == .noContent
                )
                // An agent cannot read the estate, the policy or the audit log either, nor write anything else.
                #expect(
                    try await client.execute(uri: "/api/v1/policy/revisions", method: .get, headers: bearer(a.secret))
                        .status == .forbidden
                )
                #expect(
                    try await client.execute(
                        uri: "/api/v1/policy/revisions",
                        method: .post,
                        headers: bearer(a.secret),
                        body: json(["text": "default: ignore"])
                    ).status == .forbidden
                )
            }
            try await console.close()
        }
    }

    @Test(
        "an invalid policy is refused with its line and column; the old revision stays current",
        arguments: TestEngine.tested
    )
    func invalidPolicyRefused(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let console = try await ConsoleHarness.open(location)
            try await console.test { client in
                let good = try await client.execute(
                    uri: "/api/v1/policy/revisions",
                    method: .post,
                    headers: bearer(console.writeToken),
                    body: json(["text": policyText(vm: "web-1"), "comment": "first"])
                )
                #expect(good.status == .created)
                let bad = try await client.execute(
                    uri: "/api/v1/policy/revisions",
                    method: .post,
                    headers: bearer(console.session),
                    body: json([
                        "text": "destinations:\n  ids: { address: 192.0.2.10, encap: nope }\n", "comment": "broken",
                    ])
                )
                #expect(bad.status == .unprocessableContent)
                struct Failure: Decodable { var error: String, line: Int?, column: Int? }
                let failure = try decode(Failure.self, bad.body)
                #expect(failure.line == 2)
                #expect(failure.column != nil)
                #expect(failure.error.contains("nope"))
                let current = try await client.execute(
                    uri: "/api/v1/policy",
                    method: .get,
                    headers: bearer(console.readToken)
                )
                struct Revision: Decodable { var id: Int64, comment: String, text: String? }
                let revision = try decode(Revision.self, current.body)
                #expect(revision.comment == "first" && revision.text == policyText(vm: "web-1"))
                let list = try await client.execute(
                    uri: "/api/v1/policy/revisions",
                    method: .get,
                    headers: bearer(console.readToken)
                )
                struct Page: Decodable { var items: [Revision] }
                #expect(try decode(Page.self, list.body).items.map(\.comment) == ["first"])
            }
            try await console.close()
        }
    }

    @Test("a configuration fetch with the current revision in If-None-Match is 304", arguments: TestEngine.tested)
    func notModified(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let console = try await ConsoleHarness.open(location)
            try await console.test { client in
                let agent = try await enroll(client, console, name: "host-a")
                let first = try await client.execute(
                    uri: "/api/v1/agents/\(agent.agentID)/config",
                    method: .get,
                    headers: bearer(agent.secret)
                )
                let etag = try #require(first.headers[.eTag])
                var headers = bearer(agent.secret)
                headers[.ifNoneMatch] = etag
                #expect(
                    try await client.execute(
                        uri: "/api/v1/agents/\(agent.agentID)/config",
                        method: .get,
                        headers: headers
                    ).status == .notModified
                )
                _ = try await client.execute(
                    uri: "/api/v1/policy/revisions",
                    method: .post,
                    headers: bearer(console.writeToken),
                    body: json(["text": policyText(vm: "web-2")])
                )
                let changed = try await client.execute(
                    uri: "/api/v1/agents/\(agent.agentID)/config",
                    method: .get,
                    headers: headers
                )
                #expect(changed.status == .ok)
                #expect(try decode(ConfigBundle.self, changed.body).policy == policyText(vm: "web-2"))
            }
            try await console.close()
        }
    }

    @Test(
        "a console restart keeps users, tokens, agents, inventory history, policy revisions and the audit log",
        arguments: TestEngine.tested
    )
    func restartKeepsEverything(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let before = try await ConsoleHarness.open(location)
            let agentCredential = try await before.test { client in
                let agent = try await enroll(client, before, name: "host-a")
                _ = try await client.execute(
                    uri: "/api/v1/policy/revisions",
                    method: .post,
                    headers: bearer(before.writeToken),
                    body: json(["text": policyText(vm: "web-1"), "comment": "kept"])
                )
                return agent
            }
            try await before.core.store.addEstateEvent(
                EstateEventRecord(
                    at: 1,
                    source: "file:e.yaml",
                    kind: "moved",
                    vm: "web-1",
                    fromHost: "host-a",
                    toHost: "host-b",
                    detail: "{}"
                )
            )
            try await before.close()

            let after = try await ConsoleHarness.open(location, createAdmin: false)  // logs in with the stored password
            try await after.test { client in
                #expect(
                    try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(before.readToken)).status
                        == .ok
                )
                #expect(
                    try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(before.session)).status
                        == .ok
                )
                let config = try await client.execute(
                    uri: "/api/v1/agents/\(agentCredential.agentID)/config",
                    method: .get,
                    headers: bearer(agentCredential.secret)
                )
                #expect(try decode(ConfigBundle.self, config.body).policy == policyText(vm: "web-1"))
                let events = try await client.execute(
                    uri: "/api/v1/inventory/events",
                    method: .get,
                    headers: bearer(after.readToken)
                )
                struct Events: Decodable {
                    struct Event: Decodable { var fromHost: String?, toHost: String? }
                    var items: [Event]
                }
                #expect(try decode(Events.self, events.body).items.first?.toHost == "host-b")
                let audit = try await client.execute(
                    uri: "/api/v1/audit?limit=100",
                    method: .get,
                    headers: bearer(after.readToken)
                )
                struct Audit: Decodable {
                    struct Entry: Decodable { var action: String }
                    var items: [Entry]
                }
                let actions = Set(try decode(Audit.self, audit.body).items.map(\.action))
                #expect(
                    actions.isSuperset(of: [
                        "user.create", "token.create", "enrollment-token.create", "agent.enroll", "policy.create",
                        "session.login",
                    ])
                )
            }
            try await after.close()
        }
    }

    @Test("two consoles on one database see each other's writes", arguments: TestEngine.tested)
    func twoConsoles(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let first = try await ConsoleHarness.open(location)
            let second = try await ConsoleHarness.open(location, createAdmin: false)
            try await first.test { client in
                let submitted = try await client.execute(
                    uri: "/api/v1/policy/revisions",
                    method: .post,
                    headers: bearer(first.writeToken),
                    body: json(["text": policyText(vm: "a"), "comment": "from-first"])
                )
                #expect(submitted.status == .created)
            }
            try await second.test { client in
                let current = try await client.execute(
                    uri: "/api/v1/policy",
                    method: .get,
                    headers: bearer(first.readToken)
                )
                struct Revision: Decodable { var comment: String }
                #expect(try decode(Revision.self, current.body).comment == "from-first")
            }
            try await first.close()
            try await second.close()
        }
    }
}

/// Creates an enrollment token with the write token and enrolls `name` with it.
func enroll(_ client: any TestClientProtocol, _ console: ConsoleHarness, name: String) async throws -> AgentCredential {
    let created = try await client.execute(
        uri: "/api/v1/enrollment-tokens",
        method: .post,
        headers: bearer(console.writeToken),
        body: json(["reusable": false])
    )
    #expect(created.status == .created)
    struct Token: Decodable { var token: String }
    let token = try decode(Token.self, created.body).token
    let enrolled = try await client.execute(
        uri: "/api/v1/agents/enroll",
        method: .post,
        headers: [.contentType: "application/json"],
        body: json(EnrollmentRequest(enrollmentToken: token, name: name))
    )
    #expect(enrolled.status == .created)
    let again = try await client.execute(
        uri: "/api/v1/agents/enroll",
        method: .post,
        headers: [.contentType: "application/json"],
        body: json(EnrollmentRequest(enrollmentToken: token, name: name))
    )
    #expect(again.status == .unauthorized, "a one-time enrollment token works once")
    return try decode(AgentCredential.self, enrolled.body)
}
