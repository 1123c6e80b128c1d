import Foundation
import TestSupport
import Testing

/// Interfaces that vanish and come back, signals, and the agent's own traffic (namespaces, root).
@Suite(.serialized, .tags(.namespaceLab), .namespaceLabTier)
struct AgentLifecycleTests {
    static func policy(_ lab: HypervisorLab, port: Int, name: String) throws -> String {
        let path = lab.path(name)
        try """
        destinations:
          ids: { address: \(lab.receiverAddress), encap: gre, key: 7, sequence: true }
        rules:
          - name: port-\(port)
            match: { proto: udp, dst-port: \(port) }
            send: [ids]
        default: ignore

        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aRecreatedInterfaceIsReopenedSIGHUPSwitchesThePolicyAndTheUplinkTapNeverSeesOurTunnel() throws {
        let lab = try HypervisorLab()
        defer { lab.close() }
        let (inventory, script) = try lab.prepare()
        let policy = try Self.policy(lab, port: 5001, name: "policy.yaml")
        let out = lab.path("gre.pcapng")
        let decap = try lab.startDecap(in: "rx", address: lab.receiverAddress, output: out, log: lab.path("decap.log"))
        let agent = try lab.startAgent(
            on: "h1",
            vms: ["vm1"],
            inventory: inventory,
            policy: policy,
            expectedInterfaces: 1
        )
        // A second agent taps h1's uplink (where the first agent's tunnel leaves) with a policy copying everything.
        let uplinkPolicy = lab.path("uplink.yaml")
        try """
        destinations:
          ids: { address: \(lab.receiverAddress), encap: gre, key: 8 }
        default: { send: [ids] }

        """.write(toFile: uplinkPolicy, atomically: true, encoding: .utf8)
        let uplinkStats = lab.path("uplink.json")
        let uplink = try lab.start(
            "h1",
            [
                try ExternalTool.tapctl, "tap", "--interface", HypervisorLab.uplink, "--policy", uplinkPolicy,
                "--stats-json", uplinkStats, "--write-encap", lab.path("uplink.pcap"),
            ],
            log: lab.path("uplink.log")
        )
        try lab.waitFor("interface opened", count: 2, in: lab.path("uplink.log"))
        let vm3 = lab.vms.first { $0.name == "vm3" }!.ip
        func send(_ port: Int, _ count: Int, tag: String) throws {
            try lab.exec(
                "vm1",
                [
                    "/usr/bin/python3", script, tag, vm3, String(port), String(count), "0.001",
                    lab.path("sent-\(tag).log"),
                ]
            )
        }

        try send(5001, 50, tag: "before")
        try lab.recreateInterface(of: "vm1")
        try lab.waitFor("interface opened", count: 4, in: agent.log)
        try send(5001, 50, tag: "after-recreate")
        let newPolicy = try Self.policy(lab, port: 6001, name: "policy.new.yaml")
        _ = rename(newPolicy, policy)
        kill(agent.process.processIdentifier, SIGHUP)
        try lab.waitFor("policy reloaded", in: agent.log)
        try send(5001, 50, tag: "old-port")
        try send(6001, 50, tag: "new-port")
        kill(agent.process.processIdentifier, SIGUSR1)
        try lab.waitFor("counters", in: agent.log)
        #expect(FileManager.default.fileExists(atPath: agent.stats), "SIGUSR1 writes the statistics")
        // 50 before, 50 after the interface came back, 50 to the new port after SIGHUP.
        try lab.waitForCopies([agent], to: "ids", count: 150)
        lab.interrupt(agent.process, signal: SIGTERM)
        lab.interrupt(uplink)
        try lab.waitUntilReceived(in: "rx", address: lab.receiverAddress)
        lab.interrupt(decap)

        let (counts, other) = try LabReadout.payloadCounts(in: out)
        let ports = counts.keys.map { $0.split(separator: " ")[3] }
        #expect(ports.filter { $0 == "5001" }.count == 100, "before and after the interface came back")
        #expect(ports.filter { $0 == "6001" }.count == 50, "after SIGHUP only the new rule's port")
        #expect(counts.values.allSatisfy { $0 == 1 })
        #expect(other.isEmpty, "frames other than the selected datagrams: \(other.prefix(3))")
        let statistics = try AgentStatisticsFile.read(agent.stats)
        #expect(statistics.interfaces.first?.opens == 2)
        #expect(statistics.policyReloads == 1)
        #expect(statistics.rules.map(\.name) == ["port-6001", "default"])
        // The uplink agent saw the first agent's 150 GRE packets cross its interface and captured none of them.
        let uplinkStatistics = try AgentStatisticsFile.read(uplinkStats)
        #expect(uplinkStatistics.ownTunnel == 0)
        let captured = uplinkStatistics.interfaces.map(\.captured).reduce(0, +)
        #expect(captured < 10, "the uplink agent captured \(captured) frames (tunnel packets leaked into its capture)")
    }
}
