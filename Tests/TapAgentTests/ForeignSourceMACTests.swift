import Foundation
import TapAgent
import TestSupport
import Testing

/// A tapped VM transmitting from a MAC that is not its NIC's is counted and warned about once per
/// MAC (namespaces, root): Scapy sends from a foreign and from the VM's own MAC.
@Suite(.serialized, .tags(.namespaceLab), .namespaceLabTier)
struct ForeignSourceMACTests {
    @Test func framesFromAForeignSourceMACAreCountedAndWarnedOncePerMAC() throws {
        let lab = try HypervisorLab()
        defer { lab.close() }
        let (inventory, _) = try lab.prepare()
        let policy = lab.path("policy.yaml")
        try """
        destinations:
          ids: { address: \(lab.receiverAddress), encap: gre, key: 3 }
        default: { send: [ids] }

        """.write(toFile: policy, atomically: true, encoding: .utf8)
        let agent = try lab.startAgent(
            on: "h1",
            vms: ["vm1"],
            inventory: inventory,
            policy: policy,
            extra: ["--write-encap", lab.path("copies.pcap")],
            expectedInterfaces: 1
        )
        let vm1 = lab.vms[0]
        let vm3 = lab.vms[2]
        let foreign = ["02:aa:00:00:00:09", "02:aa:00:00:00:0a"]
        var script = "from scapy.all import Ether, IP, UDP, sendp\n"
        for (index, mac) in ([vm1.mac] + foreign).enumerated() {
            script +=
                "sendp(Ether(src='\(mac)', dst='\(vm3.mac)')/IP(src='\(vm1.ip)', dst='\(vm3.ip)')/UDP(dport=\(7000 + index))/b'x', "
            script += "iface='\(HypervisorLab.vmInterface)', count=\(10 * (index + 1)), inter=0.001, verbose=0)\n"
        }
        try lab.exec("vm1", ["/usr/bin/python3", "-c", script])
        try Poll.until("the agent to count 50 frames from foreign MACs", poll: 0.1) {
            kill(agent.process.processIdentifier, SIGUSR1)
            return ((try? AgentStatisticsFile.read(agent.stats))?.foreignSourceFrames ?? 0) >= 50
        }
        lab.interrupt(agent.process)
        let log = try String(contentsOfFile: agent.log, encoding: .utf8)
        let statistics = try AgentStatisticsFile.read(agent.stats)
        // 20 frames from the first foreign MAC, 30 from the second; the 10 from vm1's own MAC do not count.
        #expect(statistics.foreignSourceFrames == 50, "\(statistics.text)")
        #expect(statistics.foreignSourceMACs == foreign)
        for mac in foreign {
            let warnings = log.split(separator: "\n").filter {
                $0.contains("source MAC that is not its NIC's") && $0.contains(mac)
            }
            #expect(warnings.count == 1, "one warning for \(mac): \(warnings)")
        }
    }
}
