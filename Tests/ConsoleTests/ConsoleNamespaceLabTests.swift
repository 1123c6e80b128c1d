import ConsoleServer
import ConsoleStore
import Foundation
import TestSupport
import Testing

/// The console, two agents on two "hosts" and a `tapctl decap` receiver, each in its own network
/// namespace on one bridge (root). What reaches the receiver is read back with tshark.
@Suite("Console end to end in namespaces", .serialized, .tags(.namespaceLab), .namespaceLabTier)
struct ConsoleNamespaceLabTests {
    static let interval = 2.0

    static func policy(port: Int) -> String {
        """
        destinations:
          rx: { address: \(ConsoleLab.address("rx")), encap: gre, key: 9 }
        rules:
          - name: port-\(port)
            match: { proto: udp, dst-port: \(port) }
            send: [rx]
        default: ignore

        """
    }

    @Test(
        "a policy change reaches both agents without restart within two heartbeat intervals; they tap on while the console is away and report when it is back"
    )
    func policyReachesTwoAgents() async throws {
        let lab = try ConsoleLab()
        defer { lab.close() }
        let tapctl = try ExternalTool.tapctl
        let database = lab.path("console.sqlite")
        try lab.run(
            tapctl,
            ["console", "users", "add", "admin", "--db", database],
            environment: ["VIRTUALTAP_CONSOLE_PASSWORD": "lab-password"]
        )
        try Self.policy(port: 5001).write(toFile: lab.path("p1.yaml"), atomically: true, encoding: .utf8)
        try Self.policy(port: 6001).write(toFile: lab.path("p2.yaml"), atomically: true, encoding: .utf8)
        try lab.run(tapctl, ["console", "policy", "submit", lab.path("p1.yaml"), "--db", database])

        // A one-time enrollment token per host, written straight into the console's database.
        let store = ConsoleStore(try await ConsoleDatabase.open(.sqlite(path: database)))
        var enrollment: [String: String] = [:]
        for host in ["h1", "h2"] {
            let secret = SecretToken.generate(.enrollment)
            try await store.addEnrollmentToken(
                EnrollmentTokenRecord(
                    id: "lab-\(host)",
                    tokenHash: SecretToken.hash(secret),
                    reusable: false,
                    createdBy: "test",
                    createdAt: ConsoleClock.nowMilliseconds()
                )
            )
            enrollment[host] = secret
        }

        let consoleArguments = [
            tapctl, "console", "--listen", "\(ConsoleLab.address("c")):8080", "--db", database, "--heartbeat-interval",
            String(Self.interval),
        ]
        var console = try lab.start("c", consoleArguments, log: lab.path("console-1.log"))
        try lab.waitFor("console listening", in: lab.path("console-1.log"))
        let output = lab.path("rx.pcapng")
        let decap = try lab.start(
            "rx",
            [tapctl, "decap", "--listen", "gre:\(ConsoleLab.address("rx"))", "--write", output, "--json"],
            log: lab.path("decap.log")
        )
        try lab.waitForGRESocket(in: "rx")
        var agents: [String: Process] = [:]
        for host in ["h1", "h2"] {
            agents[host] = try lab.start(
                host,
                [
                    tapctl, "tap", "--console", "http://\(ConsoleLab.address("c")):8080", "--enroll-token",
                    enrollment[host]!,
                    "--console-state", lab.path("state-\(host)"), "--host-name", host, "--interface", ConsoleLab.uplink,
                ],
                log: lab.path("agent-\(host).log")
            )
        }
        for host in ["h1", "h2"] { try lab.waitFor("interface opened", in: lab.path("agent-\(host).log")) }
        try await Self.waitForAgents(store, timeout: 15) {
            $0.count == 2 && $0.allSatisfy { $0.appliedRevision?.hasPrefix("p1-") == true }
        }

        for host in ["h1", "h2"] { try lab.sendUDP(from: host, port: 5001, count: 20) }

        // The change, from the console's host; both running agents reload within two intervals.
        try lab.run(tapctl, ["console", "policy", "submit", lab.path("p2.yaml"), "--db", database])
        let submitted = Date()
        for host in ["h1", "h2"] { try lab.waitFor("policy reloaded", in: lab.path("agent-\(host).log"), timeout: 10) }
        #expect(
            Date().timeIntervalSince(submitted) < 2 * Self.interval,
            "both agents reloaded within two heartbeat intervals"
        )
        #expect(agents.values.allSatisfy { $0.isRunning }, "no restart")
        for host in ["h1", "h2"] {
            try lab.sendUDP(from: host, port: 5001, count: 20)
            try lab.sendUDP(from: host, port: 6001, count: 20)
        }

        // The console is killed: the agents tap on with the cached bundle.
        lab.stop(console, signal: SIGKILL)
        // The outage under test: more than one heartbeat interval without the console.
        try await Task.sleep(for: .seconds(Self.interval * 1.5))
        for host in ["h1", "h2"] { try lab.sendUDP(from: host, port: 6001, count: 20) }
        #expect(agents.values.allSatisfy { $0.isRunning })

        // Back again: both report.
        let restarted = ConsoleClock.nowMilliseconds()
        console = try lab.start("c", consoleArguments, log: lab.path("console-2.log"))
        try lab.waitFor("console listening", in: lab.path("console-2.log"))
        try await Self.waitForAgents(store, timeout: 4 * Self.interval + 5) {
            $0.count == 2
                && $0.allSatisfy {
                    ($0.lastHeartbeatAt ?? 0) > restarted && $0.appliedRevision?.hasPrefix("p2-") == true
                }
        }
        try await store.database.close()
        for agent in agents.values { lab.stop(agent, signal: SIGTERM) }
        try lab.waitForGREDrained(in: "rx")
        lab.stop(decap, signal: SIGINT)
        lab.stop(console, signal: SIGTERM)

        // tshark reads what the receiver decapsulated: per sending host and UDP port.
        let fields = try lab.run(
            "tshark",
            ["-r", output, "-Y", "udp && !icmp", "-T", "fields", "-e", "ip.src", "-e", "udp.dstport"]
        )
        var counts: [String: Int] = [:]
        for line in fields.standardOutput.split(separator: "\n") {
            counts[line.split(separator: "\t").joined(separator: " "), default: 0] += 1
        }
        for host in ["h1", "h2"] {
            let source = ConsoleLab.address(host)
            #expect(counts["\(source) 5001"] == 20, "\(host): port 5001 only under the first revision")
            #expect(
                counts["\(source) 6001"] == 40,
                "\(host): port 6001 under the second revision, with and without the console"
            )
        }
        #expect(counts.count == 4, "nothing else reached the receiver: \(counts)")
    }

    static func waitForAgents(_ store: ConsoleStore, timeout: Double, _ condition: ([AgentRecord]) -> Bool) async throws
    {
        var last: [AgentRecord] = []
        try await Poll.until(
            "the agents' records to match",
            timeout: timeout,
            poll: 0.1,
            report: "\(last.map { "\($0.name) \($0.appliedRevision ?? "-") \($0.lastHeartbeatAt ?? 0)" })"
        ) {
            last = try await store.agents()
            return condition(last)
        }
    }
}

/// Network namespaces `c` (console), `h1`, `h2` (hosts) and `rx` (receiver), each with one veth
/// to a bridge in a fifth namespace, addresses 10.77.0.1 to .4; built with `NamespaceLab`.
final class ConsoleLab {
    let lab: NamespaceLab
    static let nodes = ["c", "h1", "h2", "rx"]

    static func address(_ node: String) -> String { "10.77.0.\((nodes.firstIndex(of: node) ?? 0) + 1)" }
    /// Each node's interface to the bridge.
    static let uplink = "uplink"
    func path(_ name: String) -> String { lab.path(name) }

    init() throws {
        lab = try NamespaceLab()
        do {
            try lab.addNamespace("br", ipv6: true)
            try lab.addBridge("br0", in: "br")
            for node in Self.nodes {
                try lab.addNamespace(node, ipv6: true)
                try lab.addVeth(Self.uplink, in: node, peer: "port-\(node)", in: "br")
                try lab.attach("port-\(node)", to: "br0", in: "br")
                try lab.addAddress(Self.address(node) + "/24", to: Self.uplink, in: node)
            }
        } catch {
            close()
            throw error
        }
    }

    func close() { lab.close() }

    /// Runs a command to its end and fails unless it exits 0.
    @discardableResult
    func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:]
    ) throws -> ExternalTool.Result {
        let result = try ExternalTool.run(executable, arguments, environment: environment)
        guard result.status == 0 else {
            throw HarnessError(
                "\(executable) \(arguments.joined(separator: " ")): exit \(result.status): \(result.standardError)"
            )
        }
        return result
    }

    /// Starts `command` in namespace `node` in the background (signals unblocked), output to `log`.
    func start(_ node: String, _ command: [String], log: String) throws -> Process {
        try lab.start(node, command, log: log)
    }

    /// Sends `signal` and waits (at most 10 s, then SIGKILL).
    func stop(_ process: Process, signal: Int32) { process.stop(signal: signal) }

    func waitFor(_ text: String, in file: String, timeout: Double = 20) throws {
        try Poll.untilFile(file, contains: text, timeout: timeout)
    }

    func waitForGRESocket(in node: String) throws {
        try lab.waitUntilBound(.raw, "\(Self.address(node)):47", in: node)
    }

    /// Waits until the receiver in `node` has read every GRE packet that reached it.
    func waitForGREDrained(in node: String) throws {
        try lab.waitUntilDrained(.raw, "\(Self.address(node)):47", in: node)
    }

    /// `count` UDP datagrams from `node` to the receiver's `port`, 5 ms apart.
    func sendUDP(from node: String, port: Int, count: Int) throws {
        let script = """
            import socket, time
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            for i in range(\(count)):
                s.sendto(b"virtualtap console lab %d" % i, ("\(Self.address("rx"))", \(port)))
                time.sleep(0.005)  # paced: one agent's capture of a batch is not the question here
            """
        try lab.run(node, ["/usr/bin/python3", "-c", script])
        // The agents tap these without a counter this test can read: a fifth of a second for them
        // to copy the batch before the next step changes the policy or the console.
        usleep(200_000)
    }
}
