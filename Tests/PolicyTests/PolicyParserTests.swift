import Foundation
import NetworkTypes
import TapVocabulary
import Testing

@testable import Policy

@Suite struct PolicyParserTests {
    @Test func readsEveryPartOfTheExamplePolicy() throws {
        let policy = try PolicyParser.load(path: PolicyFixtures.example)
        #expect(policy.destinations.map(\.name) == ["ids", "dlp", "forensics", "analyzer", "spare"])
        let ids = policy.destinations[0]
        #expect(ids.encapsulation == .gre(key: 100) && ids.address == IPAddress("192.0.2.10"))
        let dlp = policy.destinations[1]
        #expect(
            dlp.encapsulation == .erspanType3(sessionID: 7) && dlp.snapLength == 256 && dlp.encapsulation.isSequenced
        )
        let forensics = policy.destinations[2]
        #expect(
            forensics.encapsulation == .vxlan(vni: 4242, port: 4789) && forensics.address == IPAddress("2001:db8::12")
        )
        let analyzer = policy.destinations[3]
        #expect(
            analyzer.encapsulation.isSequenced && analyzer.sampling == 10
                && analyzer.rateCaps.packetsPerSecond == 20_000
        )
        #expect(analyzer.rateCaps.bitsPerSecond == 100_000_000 && analyzer.mtu == 1500)
        #expect(analyzer.dscp == 46 && analyzer.timeToLive == 32 && analyzer.source == IPAddress("192.0.2.1"))
        #expect(analyzer.location == SourceLocation(file: PolicyFixtures.example, line: 6, column: 3))

        #expect(policy.rules.map(\.name) == ["skip-backup", "web-to-ids", "debug-one-host", "dns-out"])
        let backup = policy.rules[0]
        #expect(backup.action == .ignore)
        #expect(backup.match.nets == [try IPPrefix.parse("10.9.0.0/16")])
        #expect(backup.match.ports == [PortRange(873), PortRange(10000, 10100)])
        let web = policy.rules[1]
        #expect(web.match.vmPatterns == ["web-*"] && web.match.protocols == [6])
        #expect(web.action == .send(DestinationSet([0, 2])))
        #expect(
            policy.rules[3].match.direction == .outbound && policy.rules[3].match.destinationPorts == [PortRange(53)]
        )
        #expect(policy.defaultAction == .ignore)
        #expect(policy.tunnelSignatures.count == 5)
    }

    @Test func acceptsSixteenAndMoreDestinationsButNotSixtyFive() throws {
        func policy(_ count: Int) -> String {
            "destinations:\n" + (0..<count).map { "  d\($0): { address: 192.0.2.\($0 + 1), encap: gre }\n" }.joined()
                + "rules:\n  - { match: { port: 80 }, send: [" + (0..<count).map { "d\($0)" }.joined(separator: ", ")
                + "] }\n"
        }
        let sixteen = try PolicyParser().parse(policy(16))
        #expect(sixteen.rules[0].action.destinations.count == 16)
        #expect(try PolicyParser().parse(policy(64)).destinations.count == 64)
        #expect(throws: PolicyFileError.self) { try PolicyParser().parse(policy(65)) }
    }

    @Test func defaultCanSendAndRulesGetNumberedNames() throws {
        let policy = try PolicyParser().parse(
            """
            destinations: { a: { address: 192.0.2.1, encap: vxlan, port: 8472 } }
            rules: [ { match: { tag: prod }, action: ignore } ]
            default: { send: [a] }
            """
        )
        #expect(policy.rules[0].name == "rule-1")
        let open = try PolicyParser().parse("rules:\n  - match:\n    action: ignore\n")
        #expect(open.rules[0].match.isEmpty)
        #expect(policy.defaultAction == .send(DestinationSet([0])))
        #expect(policy.destinations[0].encapsulation.udpPort == 8472)
    }

    /// Every broken file names its expected `line:column` and a piece of the message
    /// in its first line (`# expect L:C text`).
    @Test(arguments: PolicyFixtures.brokenFiles)
    func brokenPolicyGivesOneLocatedError(file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let header = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        let parts = header.dropFirst("# expect ".count).split(separator: " ", maxSplits: 1)
        let place = parts[0].split(separator: ":").map { Int($0)! }
        let error = #expect(throws: PolicyFileError.self) { try PolicyParser.load(path: file.path) }
        #expect(error?.location?.line == place[0], "\(error?.description ?? "")")
        #expect(error?.location?.column == place[1], "\(error?.description ?? "")")
        #expect(error?.message.contains(String(parts[1])) == true, "\(error?.description ?? "")")
        #expect(error?.description.hasPrefix("\(file.path):\(place[0]):\(place[1]): error: ") == true)
    }

    @Test func corpusHasAtLeastTwentyBrokenFiles() { #expect(PolicyFixtures.brokenFiles.count >= 20) }

    @Test func unreadableFileIsAnErrorWithoutLocation() {
        let error = #expect(throws: PolicyFileError.self) { try PolicyParser.load(path: "/nonexistent/policy.yaml") }
        #expect(error?.location == nil && error?.message.contains("cannot read") == true)
    }

    @Test func suggestsTheClosestKey() {
        let error = #expect(throws: PolicyFileError.self) {
            try PolicyParser().parse("rules: [ { match: { src_net: 10.0.0.0/8 }, action: ignore } ]")
        }
        #expect(error?.message.contains("did you mean 'src-net'?") == true)
    }
}
