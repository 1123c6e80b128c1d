import NetworkTypes
import PacketCore
import TapVocabulary
import Testing

@testable import Policy

@Suite struct CompiledPolicyTests {
    func compile(_ rules: String, virtualMachines: [VirtualMachine]? = nil) throws -> CompiledPolicy {
        let policy = try PolicyParser().parse(
            """
            destinations:
              ids: { address: 192.0.2.10, encap: gre }
              lab: { address: "2001:db8::12", encap: vxlan }
            rules:
            \(rules)
            default: ignore
            """
        )
        return CompiledPolicy(policy, virtualMachines: virtualMachines)
    }

    @Test func directionSelectsTheSideOfTheNamedEndpoint() throws {
        let c = try compile(
            """
              - { name: web-out, match: { host: 10.1.0.10, direction: out }, send: [ids] }
              - { name: web-in, match: { host: 10.1.0.10, direction: in }, send: [lab] }
            """
        )
        #expect(c.ruleName(c.decide(makePacket(src: "10.1.0.10", dst: "10.1.1.5"))) == "web-out")
        #expect(c.ruleName(c.decide(makePacket(src: "10.1.1.5", dst: "10.1.0.10"))) == "web-in")
        #expect(c.decide(makePacket(src: "10.1.1.5", dst: "10.1.1.6")).outcome == .defaultAction)
    }

    @Test func vmAndTagKeysResolveThroughTheInventory() throws {
        let virtualMachines = try PolicyFixtures.virtualMachines()
        let c = try compile(
            """
              - { name: web, match: { vm: "web-*", port: 80, direction: in }, send: [ids] }
              - { name: prod, match: { tag: prod }, send: [lab] }
            """,
            virtualMachines: virtualMachines
        )
        // web-2 by IPv6 address, web-1 by MAC only (its IP is not in the packet)
        #expect(c.ruleName(c.decide(makePacket(src: "fd00::1", dst: "fd00::10:1:0:b", dport: 80))) == "web")
        #expect(c.ruleName(c.decide(makePacket(src: "10.9.9.9", dst: "10.8.8.8", dstMAC: 0x0200_0a01_000a))) == "web")
        #expect(c.ruleName(c.decide(makePacket(src: "10.1.1.10", dst: "10.8.8.8", dport: 22))) == "prod")
        let without = try compile("  - { name: web, match: { vm: \"web-*\" }, send: [ids] }")
        #expect(without.decide(makePacket(src: "10.1.0.10", dst: "10.1.0.11")).outcome == .defaultAction)
    }

    @Test func ownTunnelTrafficIsNeverTapped() throws {
        let c = try compile("  - { name: all, match: {}, send: [ids, lab] }")
        #expect(
            c.decide(makePacket(src: "10.1.0.1", dst: "192.0.2.10", proto: IPProtocolNumber.gre)).outcome == .ownTunnel
        )
        #expect(
            c.decide(makePacket(src: "2001:db8::1", dst: "2001:db8::12", proto: IPProtocolNumber.udp, dport: 4789))
                .outcome == .ownTunnel
        )
        // other traffic to the same hosts is still tapped
        let ssh = c.decide(makePacket(src: "10.1.0.1", dst: "192.0.2.10", dport: 22))
        #expect(ssh.ruleIndex == 0 && ssh.destinations == DestinationSet([0, 1]))
        #expect(c.tunnelSignatures.count == 2)
    }

    @Test func portsMatchOnlyTCPAndUDPAndVLANOnlyTaggedFrames() throws {
        let c = try compile(
            """
              - { name: p, match: { port: 8 }, send: [ids] }
              - { name: v, match: { vlan: 10 }, send: [ids] }
            """
        )
        // ICMP type 8 is stored in sourcePort by the decoder; a port rule must not see it
        #expect(
            c.decide(makePacket(src: "10.0.0.1", dst: "10.0.0.2", proto: IPProtocolNumber.icmp, sport: 8, dport: 0))
                .outcome == .defaultAction
        )
        #expect(
            c.decide(makePacket(src: "10.0.0.1", dst: "10.0.0.2", proto: IPProtocolNumber.udp, sport: 8)).ruleIndex == 0
        )
        #expect(c.decide(makePacket(src: "10.0.0.1", dst: "10.0.0.2", vlan: 10)).ruleIndex == 1)
        #expect(c.decide(makePacket(src: "10.0.0.1", dst: "10.0.0.2")).outcome == .defaultAction)
    }

    @Test func tenThousandHostRulesStillFindTheLastOne() throws {
        var rules = (0..<10_000).map { i in
            PolicyRule(
                name: "h\(i)",
                match: {
                    var m = RuleMatch()
                    m.hosts = [.v4(IPv4Address(rawValue: 0xAC10_0000 + UInt32(i)))]
                    return m
                }(),
                action: .send(DestinationSet([0]))
            )
        }
        var last = RuleMatch()
        last.nets = [try IPPrefix.parse("10.1.0.0/16")]
        rules.append(PolicyRule(name: "lan", match: last, action: .ignore))
        let policy = TapPolicy(
            destinations: [TunnelDestination(name: "ids", address: IPAddress("192.0.2.10")!, encapsulation: .gre())],
            rules: rules
        )
        let c = CompiledPolicy(policy)
        #expect(c.decide(makePacket(src: "172.16.39.15", dst: "10.1.0.1")).ruleIndex == 0x270F)
        #expect(c.decide(makePacket(src: "10.1.2.3", dst: "10.1.0.1")).ruleIndex == 10_000)
    }
}
