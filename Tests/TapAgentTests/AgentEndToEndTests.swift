import Foundation
import TestSupport
import Testing

/// The agent end to end, between network namespaces the tests create (root): two hypervisor hosts
/// with a bridge each, three VMs, receivers running `tapctl decap` (GRE), the kernel's vxlan device
/// (VXLAN) and nfdump's nfcapd (NetFlow). Everything the receivers got is compared with what the
/// VMs sent.
@Suite(.serialized, .tags(.namespaceLab), .namespaceLabTier)
struct AgentEndToEndTests {
    static let selectedPort = 5001
    static let ignoredPort = 7000

    /// ids (GRE to rx) and vx (VXLAN to rx), or ids and backup (GRE to rx2).
    static func policy(in lab: HypervisorLab, secondDestination: Bool = false) throws -> String {
        var text = """
            destinations:
              ids: { address: \(lab.receiverAddress), encap: gre, key: 7, sequence: true }

            """
        text +=
            secondDestination
            ? "  backup: { address: \(lab.secondReceiverAddress), encap: gre, key: 9, sequence: true }\n"
            : "  vx: { address: \(lab.receiverAddress), encap: vxlan, vni: 42 }\n"
        text += """
            rules:
              - name: lab-udp
                match: { proto: udp, dst-port: \(selectedPort) }
                send: [ids, \(secondDestination ? "backup" : "vx")]
            default: ignore

            """
        let path = lab.path("policy.yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Sends `count` datagrams from `from` to `to` on `port` (blocking).
    static let broadcast = "198.18.0.255"

    /// Sends `count` datagrams from `from` to VM `to` (or to the subnet's broadcast address) on `port` (blocking).
    static func send(
        _ lab: HypervisorLab,
        script: String,
        from: String,
        to: String,
        port: Int,
        count: Int,
        interval: Double = 0.0005
    ) throws {
        let target = to == broadcast ? broadcast : lab.vms.first(where: { $0.name == to })?.ip
        guard let target else { throw LabFailure("no VM \(to)") }
        try lab.exec(
            from,
            [
                "/usr/bin/python3", script, from, target, String(port), String(count), String(interval),
                lab.path("sent-\(from)-\(to)-\(port).log"),
            ]
        )
    }

    /// NetFlow v5, v9 and IPFIX (10): one run each.
    @Test(arguments: [5, 9, 10])
    func everyFrameBetweenTappedVMsArrivesExactlyOnceOverGREAndVXLANAndAsNetFlow(netflowVersion: Int) throws {
        let lab = try HypervisorLab()
        defer { lab.close() }
        let (inventory, script) = try lab.prepare()
        let policy = try Self.policy(in: lab)

        // Receivers: tapctl decap (GRE), the kernel's vxlan device (VXLAN), nfcapd (NetFlow v9).
        let decapOut = lab.path("gre.pcapng")
        let decap = try lab.startDecap(
            in: "rx",
            address: lab.receiverAddress,
            output: decapOut,
            log: lab.path("decap.log")
        )
        try lab.namespaces.addVXLAN("vx42", in: "rx", vni: 42, local: lab.receiverAddress, learning: false)
        let vxlanOut = lab.path("vxlan.pcap")
        let tcpdump = try lab.start(
            "rx",
            ["tcpdump", "-n", "-U", "-i", "vx42", "-w", vxlanOut],
            log: lab.path("tcpdump.log")
        )
        let flowDirectory = lab.path("flows")
        try FileManager.default.createDirectory(atPath: flowDirectory, withIntermediateDirectories: true)
        let nfcapd = try lab.start(
            "rx",
            ["nfcapd", "-b", lab.receiverAddress, "-p", "9995", "-w", flowDirectory, "-t", "3600"],
            log: lab.path("nfcapd.log")
        )
        try lab.namespaces.waitUntilCapturing(log: lab.path("tcpdump.log"))
        try lab.namespaces.waitUntilBound(.udp, "\(lab.receiverAddress):9995", in: "rx")

        // Agents: vm1 (h1) and vm3 (h2) are tapped, vm2 (h1) is not.
        let netflow = ["--netflow", "\(lab.receiverAddress):9995", "--netflow-version", String(netflowVersion)]
        let agent1 = try lab.startAgent(
            on: "h1",
            vms: ["vm1", "vm3"],
            inventory: inventory,
            policy: policy,
            extra: netflow,
            expectedInterfaces: 1
        )
        let agent2 = try lab.startAgent(
            on: "h2",
            vms: ["vm1", "vm3"],
            inventory: inventory,
            policy: policy,
            extra: netflow,
            expectedInterfaces: 1
        )

        // Traffic between every pair of VMs, same host (vm1<->vm2) and across hosts, selected and not.
        let count = 100
        let ignoredCount = 20
        let pairs = [("vm1", "vm2"), ("vm2", "vm1"), ("vm1", "vm3"), ("vm3", "vm1"), ("vm2", "vm3"), ("vm3", "vm2")]
        for (from, to) in pairs {
            try Self.send(lab, script: script, from: from, to: to, port: Self.selectedPort, count: count)
            try Self.send(lab, script: script, from: from, to: to, port: Self.ignoredPort, count: ignoredCount)
        }
        // Broadcasts reach every VM: from untapped vm2 (copied once, on the network's representative NIC)
        // and from tapped vm3 (copied once, where it is sent).
        let broadcastCount = 20
        for from in ["vm2", "vm3"] {
            try Self.send(
                lab,
                script: script,
                from: from,
                to: Self.broadcast,
                port: Self.selectedPort,
                count: broadcastCount
            )
        }
        let copies = pairs.count * count + 2 * broadcastCount
        for destination in ["ids", "vx"] { try lab.waitForCopies([agent1, agent2], to: destination, count: copies) }
        lab.interrupt(agent1.process)
        lab.interrupt(agent2.process)
        try lab.waitUntilReceived(in: "rx", address: lab.receiverAddress)
        try lab.namespaces.waitUntilDrained(.udp, "\(lab.receiverAddress):9995", in: "rx")  // the flows flushed on exit
        try Poll.until("\(copies) VXLAN frames captured by tcpdump") { (PcapRecordCount.of(vxlanOut) ?? 0) >= copies }
        lab.interrupt(decap)
        lab.interrupt(tcpdump)
        lab.interrupt(nfcapd, signal: SIGTERM)

        // Expected: every datagram to the selected port, once, from both receivers; nothing else.
        var expected: Set<String> = []
        for (from, to) in pairs {
            let target = lab.vms.first { $0.name == to }!.ip
            for sequence in 0..<count {
                expected.insert(
                    TrafficGenerator.payload(from: from, to: target, port: Self.selectedPort, sequence: sequence)
                )
            }
        }
        for from in ["vm2", "vm3"] {
            for sequence in 0..<broadcastCount {
                expected.insert(
                    TrafficGenerator.payload(
                        from: from,
                        to: Self.broadcast,
                        port: Self.selectedPort,
                        sequence: sequence
                    )
                )
            }
        }
        for (label, file) in [("GRE via tapctl decap", decapOut), ("VXLAN via the kernel's vxlan device", vxlanOut)] {
            let (counts, other) = try LabReadout.payloadCounts(in: file)
            #expect(
                Set(counts.keys) == expected,
                "\(label): \(counts.count) distinct of \(expected.count); missing \(expected.subtracting(counts.keys).sorted().prefix(5)), unexpected \(Set(counts.keys).subtracting(expected).sorted().prefix(5))"
            )
            let duplicated = counts.filter { $0.value != 1 }
            #expect(
                duplicated.isEmpty,
                "\(label): not exactly once: \(duplicated.sorted { $0.key < $1.key }.prefix(5))"
            )
            #expect(other.isEmpty, "\(label): frames that were not selected: \(other.prefix(5))")
        }

        // NetFlow: per source/destination/port, the packets the VMs sent (each frame metered by one agent only).
        let flows = try LabReadout.nfdumpUDPPackets(directory: flowDirectory)
        for (from, to) in pairs {
            let source = lab.vms.first { $0.name == from }!.ip
            let target = lab.vms.first { $0.name == to }!.ip
            #expect(
                flows["\(source) \(target) \(Self.selectedPort)"] == count,
                "v\(netflowVersion) flows \(source)->\(target):\(Self.selectedPort): \(flows)"
            )
            #expect(
                flows["\(source) \(target) \(Self.ignoredPort)"] == ignoredCount,
                "flows \(source)->\(target):\(Self.ignoredPort): \(flows)"
            )
        }

        // The agents' own counters agree: one copy per selected datagram between them, no errors.
        let statistics = try [agent1.stats, agent2.stats].map { try AgentStatisticsFile.read($0) }
        let sentToIDS = statistics.map { $0.destinations.first { $0.name == "ids" }!.sender.packets }.reduce(0, +)
        #expect(sentToIDS == pairs.count * count + 2 * broadcastCount)
        #expect(statistics.allSatisfy { $0.destinations.allSatisfy { $0.sender.sendErrors == 0 } })
        #expect(
            statistics.map { $0.rules.first { $0.name == "lab-udp" }!.hits }.reduce(0, +) == pairs.count * count + 2
                * broadcastCount
        )
    }
}
