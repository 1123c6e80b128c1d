// Runs a console on 127.0.0.1 (an ephemeral port, an SQLite file in FOLDER) with POLICY as its
// current revision, and enrolls one agent against it over HTTP: the agent exchanges a one-time
// enrollment token for its credential, pulls its configuration bundle and sends a heartbeat.
// Prints what the agent received and what the console recorded about the agent.
//
// Usage: EnrollAgent POLICY.yaml FOLDER   (FOLDER is created; the agent's state goes to FOLDER/agent)
import ConsoleAgent
import ConsoleServer
import ConsoleStore
import Foundation
import Logging
import ServiceLifecycle

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 2, let policyPath = arguments.first, let folder = arguments.last else {
    print("usage: EnrollAgent POLICY.yaml FOLDER")
    exit(2)
}
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

// The console: a store, the core (validation, audit, bundles) and the HTTP API on a free port.
let store = ConsoleStore(try await ConsoleDatabase.open(.sqlite(path: folder + "/console.sqlite")))
let core = ConsoleCore(store: store)
let policy = try String(contentsOfFile: policyPath, encoding: .utf8)
let revision = try await core.submitPolicy(text: policy, comment: "", by: "snippet", from: "local")
let (ports, portFeed) = AsyncStream<Int>.makeStream()
let application = try ConsoleApplication.make(core: core, host: "127.0.0.1", port: 0) { port in
    portFeed.yield(port)
}
// A service group runs the server until its graceful shutdown (`tapctl console` stops it on SIGTERM).
let services = ServiceGroup(services: [application], logger: Logger(label: "snippet"))
let server = Task { try await services.run() }
guard let port = await ports.first(where: { _ in true }), let console = URL(string: "http://127.0.0.1:\(port)") else {
    fatalError("the console did not start")
}

// An administrator makes a one-time enrollment token (`POST /api/v1/enrollment-tokens` does this).
let token = SecretToken.generate(.enrollment)
try await store.addEnrollmentToken(
    EnrollmentTokenRecord(
        id: SecretToken.identifier(),
        tokenHash: SecretToken.hash(token),
        reusable: false,
        createdBy: "snippet",
        createdAt: ConsoleClock.nowMilliseconds()
    )
)

// The agent: enroll once (the credential is kept with mode 0600), then pull and report.
let state = try AgentStateDirectory(path: folder + "/agent")
let agent = try await ConsoleAgentLoop.connect(console: console, state: state, enrollmentToken: token, name: "host-a")
let bundle = try await agent.initialBundle()
try await agent.client.heartbeat(AgentHeartbeat(appliedRevision: bundle.revision))
print(
    "bundle=\(bundle.revision) policyRevision=\(bundle.policyRevision ?? 0) destinations=\(bundle.destinations.count)"
        + " policyBytes=\(bundle.policy?.utf8.count ?? 0)"
)

for record in try await store.agents() {
    print("agent=\(record.name) applied=\(record.appliedRevision ?? "-") status=\(core.status(of: record).rawValue)")
}
print("stored=\(revision.id ?? 0) unchanged=\(try await agent.client.bundle(ifNoneMatch: bundle.revision) == nil)")
await services.triggerGracefulShutdown()
try await server.value
try await store.database.close()
