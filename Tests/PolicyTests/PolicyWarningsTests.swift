import Testing

@testable import Policy

@Suite struct PolicyWarningsTests {
    let destinations = "destinations: { ids: { address: 192.0.2.10, encap: gre, mtu: 1500 } }\n"

    @Test func earlierBroaderRuleShadowsALaterOne() throws {
        let policy = try PolicyParser(file: "p.yaml").parse(
            destinations + """
                rules:
                  - { name: lan, match: { net: 10.0.0.0/8 }, send: [ids] }
                  - { name: web, match: { host: 10.1.2.3, port: 80 }, send: [ids] }
                  - { name: out, match: { src-net: 10.1.0.0/16 }, action: ignore }
                  - { name: other, match: { net: 192.168.0.0/16 }, action: ignore }
                """
        )
        let warnings = PolicyWarnings.find(in: policy).filter { $0.kind == .shadowedRule }
        #expect(warnings.map(\.ruleIndex) == [1, 2])
        #expect(
            warnings[0].description.hasPrefix("p.yaml:4:5: warning: rule 'web' can never match: rule 'lan' (line 3)")
        )
    }

    @Test func sideSpecificRuleDoesNotShadowEitherSideRule() throws {
        let policy = try PolicyParser().parse(
            destinations + """
                rules:
                  - { name: a, match: { src-net: 10.0.0.0/8 }, send: [ids] }
                  - { name: b, match: { net: 10.1.0.0/16 }, send: [ids] }
                  - { name: c, match: { port: 80, direction: out }, send: [ids] }
                  - { name: d, match: { src-port: 80, proto: tcp }, send: [ids] }
                """
        )
        #expect(PolicyWarnings.find(in: policy).map(\.ruleIndex) == [3])
    }

    @Test func vmRulesWithoutInventoryAreFlagged() throws {
        let policy = try PolicyParser().parse(
            destinations + "rules: [ { name: w, match: { vm: web-* }, send: [ids] } ]"
        )
        #expect(PolicyWarnings.find(in: policy).map(\.kind) == [.unresolvedVM])
        let virtualMachines = try PolicyFixtures.virtualMachines()
        #expect(PolicyWarnings.find(in: policy, virtualMachines: virtualMachines).isEmpty)
        let none = try PolicyParser().parse(destinations + "rules: [ { name: w, match: { vm: mail-* }, send: [ids] } ]")
        #expect(PolicyWarnings.find(in: none, virtualMachines: virtualMachines).map(\.kind) == [.unresolvedVM])
    }

    @Test func aDestinationWithoutAnMTUIsReportedWithWhatHappensAboveIt() throws {
        let policy = try PolicyParser(file: "p.yaml").parse(
            """
            destinations:
              plain: { address: 192.0.2.1, encap: gre }
              span: { address: 192.0.2.2, encap: erspan2, session: 3 }
              known: { address: 192.0.2.3, encap: vxlan, vni: 4, mtu: 9000 }
            rules: []
            """
        )
        let warnings = PolicyWarnings.find(in: policy)
        #expect(warnings.map(\.kind) == [.assumedMTU, .assumedMTU])
        #expect(
            warnings[0].description.hasPrefix("p.yaml:2:3: warning: destination 'plain' has no mtu: 1500 is assumed")
        )
        #expect(warnings[0].message.contains("sent in outer IP fragments") && warnings[1].message.contains("T bit"))
    }

    @Test func ruleNamingADestinationAddressIsReported() throws {
        let policy = try PolicyParser().parse(
            destinations + "rules: [ { name: all, match: { net: 192.0.2.0/24 }, send: [ids] } ]"
        )
        #expect(PolicyWarnings.find(in: policy).map(\.kind) == [.coversOwnTunnel])
    }
}
