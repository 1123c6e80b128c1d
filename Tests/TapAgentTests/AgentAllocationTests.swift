import Foundation
import TestSupport
import Testing

/// The live agent's per-packet path allocates nothing: the real `tapctl tap` runs under an
/// LD_PRELOAD malloc counter (Tests/Support/malloc-count.c) in a namespace, for the same duration,
/// while tcpreplay sends N and then 2N frames into the tapped veth; the allocation count of the
/// 2N run may exceed the N run's only by a small constant, far below one per packet.
@Suite(.serialized, .tags(.namespaceLab), .namespaceLabTier)
struct AgentAllocationTests {
    static let frames = 20_000
    /// The tapctl under test: `VTAP_TAPCTL` (e.g. .build/release/tapctl) or the one built with the tests.
    static var tapctl: String {
        get throws { try ProcessInfo.processInfo.environment["VTAP_TAPCTL"] ?? ExternalTool.tapctl }
    }

    @Test func theAgentsAllocationsDoNotGrowWithThePacketCount() throws {
        let lab = try NamespaceLab()
        defer { lab.close() }
        let directory = lab.directory
        let counter = directory.appendingPathComponent("count.so").path
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/malloc-count.c").path
        let cc = try ExternalTool.run("/usr/bin/cc", ["-shared", "-fPIC", "-O2", "-o", counter, source])
        try #require(cc.status == 0, "\(cc.standardError)")
        try setUp(lab)
        let small = try ExternalTool.generateCapture(
            in: directory,
            name: "n.pcap",
            arguments: ["--packets", "\(Self.frames)", "--flows", "200", "--seed", "3"]
        )
        let large = try ExternalTool.generateCapture(
            in: directory,
            name: "2n.pcap",
            arguments: ["--packets", "\(2 * Self.frames)", "--flows", "200", "--seed", "3"]
        )

        let first = try allocations(replaying: small, in: lab, run: "n")
        let second = try allocations(replaying: large, in: lab, run: "2n")
        // Both runs really captured and sent their frames.
        #expect(first.captured >= Self.frames * 9 / 10, "captured \(first.captured) of \(Self.frames)")
        #expect(second.captured >= 2 * Self.frames * 9 / 10, "captured \(second.captured) of \(2 * Self.frames)")
        #expect(first.sent > 0 && second.sent > first.sent, "GRE copies sent: \(first.sent), \(second.sent)")
        // A small constant (timers, more poll wakeups' worth of one-time growth), never per packet:
        // measured -10 to +157 unchanged on a quiet machine and +1,365 once on a loaded one (more loop
        // turns), +20,953 with one allocation per frame; 5,000 is one per 4 frames.
        let growth = second.count - first.count
        print(
            "agent allocations: \(first.count) for \(first.captured) frames, \(second.count) for \(second.captured) frames"
        )
        #expect(
            growth < 5_000,
            "allocations: \(first.count) for \(first.captured) frames, \(second.count) for \(second.captured) frames"
        )
    }

    /// One namespace, "host": the tapped veth pair ("vm" sends, "tapped" is tapped) and an uplink
    /// veth pair whose far end has a permanent neighbour entry for the GRE destination (198.18.201.2).
    private func setUp(_ lab: NamespaceLab) throws {
        try lab.addNamespace("host", ipv6: true)
        try lab.addVeth("vm", in: "host", peer: "tapped", in: "host")
        try lab.addVeth("uplink", in: "host", peer: "switch", in: "host")
        try lab.addAddress("198.18.201.1/24", to: "uplink", in: "host")
        try lab.addNeighbour("198.18.201.2", mac: "02:00:00:00:02:02", on: "uplink", in: "host")
        try """
        destinations:
          ids: { address: 198.18.201.2, encap: gre, key: 1, sequence: true }
        rules:
          - name: web
            match: { proto: tcp }
            send: [ids]
        default: { send: [ids] }

        """.write(toFile: lab.path("policy.yaml"), atomically: true, encoding: .utf8)
    }

    /// Runs the agent for a fixed time under the counter while `capture` is replayed into the tapped interface.
    private func allocations(
        replaying capture: String,
        in lab: NamespaceLab,
        run: String
    ) throws -> (count: Int, captured: Int, sent: Int) {
        let log = lab.path("agent-\(run).log")
        let stats = lab.path("stats-\(run).json")
        let agent = try lab.start(
            "host",
            [
                try Self.tapctl, "tap", "--interface", "tapped", "--policy", lab.path("policy.yaml"), "--stats-json",
                stats, "--duration", "6", "--buffer", "16",
            ],
            log: log,
            environment: ["LD_PRELOAD": lab.path("count.so")]
        )
        defer { if agent.isRunning { kill(agent.processIdentifier, SIGKILL) } }
        try Poll.untilFile(log, contains: "interface opened", timeout: 5)
        try #require(
            agent.isRunning,
            "the agent did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")"
        )
        // Limited rate so that the kernel drops nothing and both runs last inside the agent's duration.
        try lab.run("host", ["tcpreplay", "--pps", "20000", "-i", "vm", capture])
        agent.waitUntilExit()
        let text = try String(contentsOfFile: log, encoding: .utf8)
        let line = try #require(
            text.split(separator: "\n").last { $0.hasPrefix("vt-malloc-count=") },
            "no count in \(text)"
        )
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stats))) as? [String: Any]
        )
        let interfaces = try #require(json["interfaces"] as? [[String: Any]])
        let destinations = try #require(json["destinations"] as? [[String: Any]])
        let sender = destinations.first?["sender"] as? [String: Any]
        return (
            Int(line.dropFirst("vt-malloc-count=".count))!, interfaces.first?["captured"] as? Int ?? 0,
            sender?["packets"] as? Int ?? 0
        )
    }
}
