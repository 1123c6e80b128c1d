import Foundation
import NetworkTypes
import PacketCore
import TapVocabulary
import TestSupport
import Testing

@testable import Policy

/// Random rule sets × random packets: the compiled matcher must agree with the
/// plain first-match reference on every packet.
@Suite struct CompiledPolicyPropertyTests {
    /// Value pools small enough that rules and packets collide often.
    struct Pools {
        let v4 =
            (0..<24).map { IPAddress.v4(IPv4Address(10, 1, UInt8($0 % 4), UInt8(10 + $0))) }
            + [
                IPAddress("192.0.2.10")!, IPAddress("198.51.100.7")!, IPAddress("0.0.0.0")!,
                IPAddress("255.255.255.255")!,
            ]
        let v6 =
            (0..<8).map { IPAddress("fd00::10:1:\($0 % 2):\(10 + $0)")! } + [
                IPAddress("2001:db8::12")!, IPAddress("::")!,
            ]
        let ports: [UInt16] = [0, 22, 53, 80, 443, 873, 8080, 10000, 10050, 65535]
        let protocols: [UInt8] = [1, 6, 17, 47, 58, 132]
        let vlans: [UInt16] = [1, 10, 20, 4094]
        let macs: [UInt64] = (0..<8).map { 0x0200_0a01_0000 | UInt64($0) } + [0xFFFF_FFFF_FFFF]
        var addresses: [IPAddress] { v4 + v6 }
    }
    let pools = Pools()

    var virtualMachines: [VirtualMachine] {
        (0..<6).map { i in
            VirtualMachine(
                name: ["web-\(i)", "db-\(i)", "cache-\(i)"][i % 3],
                tags: i % 2 == 0 ? ["prod"] : ["dev"],
                nics: [
                    VirtualNIC(
                        mac: MACAddress(rawValue: pools.macs[i]),
                        ips: [pools.v4[i], pools.v6[i % pools.v6.count]]
                    )
                ]
            )
        }
    }

    func randomPrefix(_ g: inout SeededGenerator) -> IPPrefix {
        let address = pools.addresses.randomElement(using: &g)!
        let length: Int
        switch address {
        case .v4: length = [0, 16, 22, 24, 30, 32, 32, 32].randomElement(using: &g)!
        case .v6: length = [0, 64, 112, 126, 128, 128].randomElement(using: &g)!
        }
        return IPPrefix(address: address, length: length)
    }

    func randomPorts(_ g: inout SeededGenerator) -> [PortRange] {
        (0..<Int.random(in: 1...3, using: &g)).map { _ in
            let a = pools.ports.randomElement(using: &g)!
            if Bool.random(using: &g) { return PortRange(a) }
            let b = pools.ports.randomElement(using: &g)!
            return PortRange(min(a, b), max(a, b))
        }
    }

    /// A rule with two to four keys (one in fifty has none: a catch-all).
    func randomMatch(_ g: inout SeededGenerator) -> RuleMatch {
        if Int.random(in: 0..<50, using: &g) == 0 { return RuleMatch() }
        while true {
            let m = randomKeys(&g)
            if m.keyCount >= 2 { return m }
        }
    }

    func randomKeys(_ g: inout SeededGenerator) -> RuleMatch {
        var m = RuleMatch()
        func maybe(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &g) < p }
        func some<T>(_ make: (inout SeededGenerator) -> T) -> [T] {
            (0..<Int.random(in: 1...3, using: &g)).map { _ in make(&g) }
        }
        if maybe(0.3) { m.nets = some(randomPrefix) }
        if maybe(0.15) { m.sourceNets = some(randomPrefix) }
        if maybe(0.15) { m.destinationNets = some(randomPrefix) }
        if maybe(0.25) { m.hosts = some { pools.addresses.randomElement(using: &$0)! } }
        if maybe(0.25) { m.ports = randomPorts(&g) }
        if maybe(0.1) { m.sourcePorts = randomPorts(&g) }
        if maybe(0.1) { m.destinationPorts = randomPorts(&g) }
        if maybe(0.25) { m.protocols = Array(Set(some { pools.protocols.randomElement(using: &$0)! })) }
        if maybe(0.15) { m.vlans = Array(Set(some { pools.vlans.randomElement(using: &$0)! })) }
        if maybe(0.15) { m.macs = some { MACAddress(rawValue: pools.macs.randomElement(using: &$0)!) } }
        if maybe(0.15) {
            m.vmPatterns = some { ["web-*", "db-?", "*", "cache-[0-4]", "none"].randomElement(using: &$0)! }
        }
        if maybe(0.1) { m.tags = some { ["prod", "dev", "missing"].randomElement(using: &$0)! } }
        if m.hasEndpointKey { m.direction = TrafficDirection.allCases.randomElement(using: &g)! }
        return m
    }

    func randomPolicy(_ g: inout SeededGenerator, rules: Int) -> TapPolicy {
        let destinations = [
            TunnelDestination(name: "ids", address: IPAddress("192.0.2.10")!, encapsulation: .gre()),
            TunnelDestination(name: "lab", address: IPAddress("2001:db8::12")!, encapsulation: .vxlan(vni: 0)),
            TunnelDestination(
                name: "dlp",
                address: IPAddress("192.0.2.11")!,
                encapsulation: .erspanType3(sessionID: 0)
            ),
            TunnelDestination(
                name: "spare",
                address: IPAddress("192.0.2.12")!,
                encapsulation: .erspanType2(sessionID: 0)
            ),
        ]
        let list = (0..<rules).map { i in
            PolicyRule(
                name: "r\(i)",
                match: randomMatch(&g),
                action: Bool.random(using: &g)
                    ? .ignore : .send(DestinationSet(rawValue: UInt64.random(in: 1...15, using: &g)))
            )
        }
        return TapPolicy(
            destinations: destinations,
            rules: list,
            defaultAction: Bool.random(using: &g) ? .ignore : .send(DestinationSet([0]))
        )
    }

    func randomPacket(_ g: inout SeededGenerator) -> DecodedPacket {
        var p = DecodedPacket()
        p.layers = [.ethernet]
        p.sourceMAC = MACAddress(rawValue: pools.macs.randomElement(using: &g)!)
        p.destinationMAC = MACAddress(rawValue: pools.macs.randomElement(using: &g)!)
        if Int.random(in: 0..<4, using: &g) == 0 {
            p.vlanCount = UInt8.random(in: 1...2, using: &g)
            p.vlanID = pools.vlans.randomElement(using: &g)! &+ UInt16.random(in: 0...1, using: &g)
            p.layers.insert(.vlan)
        }
        guard Int.random(in: 0..<10, using: &g) != 0 else { return p }  // ARP-like: no IP
        let v6 = Bool.random(using: &g)
        let pool = v6 ? pools.v6 : pools.v4
        func address() -> IPAddress {
            let a = pool.randomElement(using: &g)!
            guard Int.random(in: 0..<4, using: &g) == 0 else { return a }
            switch a {  // a near miss: flip a low bit
            case .v4(let x): return .v4(IPv4Address(rawValue: x.rawValue ^ (1 << UInt32.random(in: 0..<12, using: &g))))
            case .v6(let x):
                return .v6(IPv6Address(rawValue: x.rawValue ^ (1 << UInt128(UInt32.random(in: 0..<20, using: &g)))))
            }
        }
        p.ipVersion = v6 ? 6 : 4
        p.layers.insert(v6 ? .ipv6 : .ipv4)
        p.sourceAddress = address()
        p.destinationAddress = address()
        p.ipProtocol = pools.protocols.randomElement(using: &g)!
        p.sourcePort =
            Bool.random(using: &g) ? pools.ports.randomElement(using: &g)! : UInt16.random(in: 0...65535, using: &g)
        p.destinationPort = pools.ports.randomElement(using: &g)! &+ UInt16.random(in: 0...1, using: &g)
        let firstFragment = Int.random(in: 0..<8, using: &g) != 0
        if firstFragment && p.ipProtocol == IPProtocolNumber.tcp { p.layers.insert(.tcp) }
        if firstFragment && p.ipProtocol == IPProtocolNumber.udp { p.layers.insert(.udp) }
        if p.ipProtocol == IPProtocolNumber.udp && Int.random(in: 0..<10, using: &g) == 0 {
            p.destinationPort = 4789  // VXLAN, maybe to our own tunnel
        }
        return p
    }

    @Test(arguments: [1, 5, 40, 300] as [Int])
    func compiledMatcherAgreesWithReference(rules: Int) {
        let virtualMachines = self.virtualMachines
        var g = SeededGenerator(seed: UInt64(rules) &* 7919)
        for round in 0..<(rules >= 300 ? 6 : 30) {
            let policy = randomPolicy(&g, rules: rules)
            let reference = ReferencePolicyMatcher(policy, virtualMachines: virtualMachines)
            let compiled = CompiledPolicy(policy, virtualMachines: virtualMachines)
            for _ in 0..<2000 {
                let packet = randomPacket(&g)
                let expected = reference.decide(packet)
                let actual = compiled.decide(packet)
                if expected != actual {
                    Issue.record(
                        """
                        round \(round): reference \(expected) compiled \(actual) for \(packet)\nrules: \(policy.rules)
                        """
                    )
                    return
                }
            }
        }
    }

    @Test func everyOutcomeOccursInTheRandomRuns() {
        var g = SeededGenerator(seed: 42)
        var outcomes = Set<String>()
        let policy = randomPolicy(&g, rules: 40)
        let compiled = CompiledPolicy(policy, virtualMachines: virtualMachines)
        var ruleHits = Set<Int?>()
        for _ in 0..<20000 {
            let d = compiled.decide(randomPacket(&g))
            outcomes.insert("\(d.outcome)".components(separatedBy: "(")[0])
            ruleHits.insert(d.ruleIndex)
        }
        #expect(outcomes == ["rule", "defaultAction", "ownTunnel"])
        #expect(
            ruleHits.count > 15,
            "the generator must exercise many rules, not just the first: \(ruleHits.compactMap { $0 }.sorted())"
        )
    }

    @Test func agreesOnEveryFrameOfAGeneratedCapture() throws {
        let folder = try ExternalTool.temporaryDirectory("vtpo-prop")
        defer { try? FileManager.default.removeItem(at: folder) }
        let capture = try ExternalTool.generateCapture(
            in: folder,
            name: "c.pcap",
            arguments: ["--packets", "5000", "--seed", "3", "--vlan-fraction", "0.2", "--malformed-fraction", "0.02"]
        )
        var g = SeededGenerator(seed: 9)
        let policies =
            (0..<5).map { _ in randomPolicy(&g, rules: 60) } + [try PolicyParser.load(path: PolicyFixtures.example)]
        for policy in policies {
            let reference = ReferencePolicyMatcher(policy, virtualMachines: virtualMachines)
            let compiled = CompiledPolicy(policy, virtualMachines: virtualMachines)
            let reader = try CaptureFileReader(path: capture)
            var packet = DecodedPacket()
            var frames = 0
            while let record = try reader.next() {
                reader.withCurrentFrame { frame in
                    _ = try? PacketDecoder().decode(
                        frame,
                        linkType: record.linkType,
                        wireLength: record.originalLength,
                        into: &packet
                    )
                }
                #expect(reference.decide(packet) == compiled.decide(packet), "frame \(record.number)")
                frames += 1
            }
            #expect(frames == 5000)
        }
    }
}
