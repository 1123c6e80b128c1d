import ConsoleAgent
import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `tapctl console` process and a real `tapctl tap --console` process (live capture on
/// the loopback interface, so root): enrollment, heartbeats with counters, a policy change
/// applied without a restart, and the agent outliving the console. The tunnel goes to 127.0.0.1.
@Suite("Console and agent processes", .serialized, .tags(.namespaceLab), .namespaceLabTier)
struct ConsoleAgentProcessTests {
    /// The console's heartbeat interval in this test.
    static let interval = 2.0

    static func policy(destination: String, port: Int) -> String {
        """
        destinations:
          \(destination): { address: 127.0.0.1, encap: gre, key: 7 }
        rules:
          - name: port-\(port)
            match: { proto: udp, dst-port: \(port) }
            send: [\(destination)]
        default: ignore

        """
    }

    @Test("the agent enrolls, reports, takes a new policy without restart, and keeps running while the console is away")
    func agentProcessLifecycle() async throws {
        let folder = try ExternalTool.temporaryDirectory("vt-console-process")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tapctl = try ExternalTool.tapctl
        let database = folder.appendingPathComponent("console.sqlite").path
        let password = "process-test-password"
        let added = try ExternalTool.run(
            tapctl,
            ["console", "users", "add", "admin", "--db", database],
            environment: ["VIRTUALTAP_CONSOLE_PASSWORD": password]
        )
        #expect(added.status == 0, "\(added.standardError)")
        let port = Int.random(in: 30000...39000)
        let base = "http://127.0.0.1:\(port)"
        var console = try ConsoleProcess.start(
            tapctl,
            database: database,
            port: port,
            log: folder.appendingPathComponent("console-1.log").path
        )
        defer { console.kill() }  // whichever console runs when the test ends

        let api = APIClient(base: base)
        let session = try await api.login(name: "admin", password: password)
        let enrollment = try await api.post("/api/v1/enrollment-tokens", bearer: session, ["reusable": false])
        let enrollmentToken = try #require(enrollment["token"] as? String)
        _ = try await api.post(
            "/api/v1/policy/revisions",
            bearer: session,
            ["text": Self.policy(destination: "first", port: 5999), "comment": "first"]
        )

        let state = folder.appendingPathComponent("agent").path
        let agentLog = folder.appendingPathComponent("agent.log").path
        let agent = try ConsoleProcess.spawn(
            tapctl,
            [
                "tap", "--console", base, "--enroll-token", enrollmentToken, "--console-state", state, "--host-name",
                "host-a",
                "--interface", "lo",
            ],
            log: agentLog
        )
        defer { if agent.isRunning { kill(agent.processIdentifier, SIGKILL) } }
        try ConsoleProcess.waitFor("interface opened", in: agentLog)
        let mode =
            try FileManager.default.attributesOfItem(atPath: state + "/credential.json")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600, "the credential file is readable by its owner only")

        // Traffic the first policy selects, then a heartbeat that counts it.
        try UDPSender.send(count: 20, to: 5999)
        let reported = try await api.waitForAgent(bearer: session, timeout: 15) { agent in
            (agent.report?.destinations.first { $0.name == "first" }?.packets ?? 0) >= 20
        }
        #expect(reported.status == "connected")
        let firstRevision = try #require(reported.appliedRevision)

        // A new revision reaches the running process within one interval and is reported with the next heartbeat.
        _ = try await api.post(
            "/api/v1/policy/revisions",
            bearer: session,
            ["text": Self.policy(destination: "second", port: 6001), "comment": "second"]
        )
        let submitted = Date()
        let switched = try await api.waitForAgent(bearer: session, timeout: 15) { agent in
            agent.appliedRevision != firstRevision && agent.report?.destinations.map(\.name) == ["second"]
        }
        #expect(
            Date().timeIntervalSince(submitted) < 2 * Self.interval + 1,
            "applied within one interval, reported with the next heartbeat"
        )
        #expect(switched.appliedRevision?.hasPrefix("p2-") == true)
        try ConsoleProcess.waitFor("policy reloaded", in: agentLog)
        #expect(agent.isRunning, "applied without a restart")

        // The console goes away: the agent keeps running on its bundle; it reports again when it is back.
        console.kill()
        // The outage under test: two heartbeat intervals without the console.
        try await Task.sleep(for: .seconds(2 * Self.interval))
        #expect(agent.isRunning)
        console = try ConsoleProcess.start(
            tapctl,
            database: database,
            port: port,
            log: folder.appendingPathComponent("console-2.log").path
        )
        let sessionAgain = try await api.login(name: "admin", password: password)
        let back = try await api.waitForAgent(bearer: sessionAgain, timeout: 15) { $0.status == "connected" }
        #expect(back.appliedRevision == switched.appliedRevision)
        kill(agent.processIdentifier, SIGTERM)
        agent.waitUntilExit()
        #expect(
            agent.terminationStatus == 0,
            "\(String(decoding: FileManager.default.contents(atPath: agentLog) ?? Data(), as: UTF8.self).suffix(2000))"
        )
    }
}

/// A `tapctl` child process with its output in a log file.
struct ConsoleProcess {
    let process: Process

    static func spawn(_ executable: String, _ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// `tapctl console` on SQLite, heartbeats every `ConsoleAgentProcessTests.interval`; returns once it listens.
    static func start(_ tapctl: String, database: String, port: Int, log: String) throws -> ConsoleProcess {
        let process = try spawn(
            tapctl,
            [
                "console", "--listen", "127.0.0.1:\(port)", "--db", database, "--heartbeat-interval",
                String(ConsoleAgentProcessTests.interval),
            ],
            log: log
        )
        try waitFor("console listening", in: log)
        return ConsoleProcess(process: process)
    }

    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static func waitFor(_ text: String, in file: String, timeout: Double = 20) throws {
        try Poll.untilFile(file, contains: text, timeout: timeout)
    }
}

/// Sends UDP datagrams to 127.0.0.1.
enum UDPSender {
    static func send(count: Int, to port: Int) throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard socket >= 0 else { throw HarnessError("socket: errno \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let payload = Array("virtualtap console test".utf8)
        for _ in 0..<count {
            let sent = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(socket, payload, payload.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard sent == payload.count else { throw HarnessError("sendto: errno \(errno)") }
            usleep(2000)  // paced like real traffic, not all in one burst
        }
    }
}

/// The console's API over real HTTP (URLSession), as an operator's script would use it.
struct APIClient {
    let base: String

    struct ListedAgent: Decodable {
        var status: String
        var appliedRevision: String?
        var report: AgentHeartbeat?
    }

    func request(_ method: String, _ path: String, bearer: String?, body: [String: Any]?) async throws -> (Data, Int) {
        var request = URLRequest(url: try #require(URL(string: base + path)))
        request.httpMethod = method
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }

    func post(_ path: String, bearer: String?, _ body: [String: Any]) async throws -> [String: Any] {
        let (data, status) = try await request("POST", path, bearer: bearer, body: body)
        guard (200..<300).contains(status) else {
            throw HarnessError("POST \(path): \(status) \(String(decoding: data, as: UTF8.self))")
        }
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    func login(name: String, password: String) async throws -> String {
        let answer = try await post("/api/v1/auth/login", bearer: nil, ["name": name, "password": password])
        return try #require(answer["token"] as? String)
    }

    /// Polls `GET /api/v1/agents` until the only agent satisfies `condition`.
    func waitForAgent(bearer: String, timeout: Double, _ condition: (ListedAgent) -> Bool) async throws -> ListedAgent {
        struct Page: Decodable { var items: [ListedAgent] }
        var last: ListedAgent?
        try await Poll.until(
            "the agent listed by the console to match",
            timeout: timeout,
            poll: 0.1,
            report: "last seen: \(String(describing: last))"
        ) {
            let (data, status) = try await request("GET", "/api/v1/agents", bearer: bearer, body: nil)
            guard status == 200, let agent = try JSONDecoder().decode(Page.self, from: data).items.first else {
                return false
            }
            last = agent
            return condition(agent)
        }
        return last!
    }
}
