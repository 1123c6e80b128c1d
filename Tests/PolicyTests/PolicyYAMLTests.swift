import Foundation
import NetworkTypes
import Testing

@testable import Policy

/// How the policy parser treats YAML itself (read through FlatYAML / libyaml events).
@Suite struct PolicyYAMLTests {
    static let destinations = """
        destinations:
          ids: { address: 192.0.2.10, encap: gre }
          dlp: { address: 192.0.2.11, encap: vxlan }

        """

    @Test func anchorsAndAliasesCanShareLists() throws {
        let policy = try PolicyParser().parse(
            Self.destinations + """
                rules:
                  - { name: web, match: { port: &web [80, 443] }, send: &both [ids, dlp] }
                  - { name: web-v6, match: { net: "2001:db8::/32", port: *web }, send: *both }
                """
        )
        #expect(policy.rules[1].match.ports == [PortRange(80), PortRange(443)])
        #expect(policy.rules[1].action == policy.rules[0].action)
    }

    @Test func anUndefinedAliasIsALocatedError() {
        let error = #expect(throws: PolicyFileError.self) {
            try PolicyParser().parse(Self.destinations + "rules:\n  - { match: { port: 80 }, send: *nowhere }\n")
        }
        #expect(error?.message == "not valid YAML: found undefined alias")
        #expect(error?.location?.line == 5 && error?.location?.column == 34)
    }

    @Test func aSecondDocumentIsAnError() {
        let error = #expect(throws: PolicyFileError.self) {
            try PolicyParser().parse(Self.destinations + "---\nrules: []\n")
        }
        #expect(error?.message.hasPrefix("not valid YAML: expected a single document") == true)
        #expect(error?.location?.line == 4)
    }

    @Test func bytesThatAreNotUTF8AreALocatedError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vtyaml-\(UInt32.random(in: 0...UInt32.max)).yaml"
        )
        defer { try? FileManager.default.removeItem(at: path) }
        try Data(
            Array(Self.destinations.utf8) + Array("rules: [ { name: caf".utf8) + [0xE9, 0x20]
                + Array(", action: ignore } ]\n".utf8)
        )
        .write(to: path)
        let error = #expect(throws: PolicyFileError.self) { try PolicyParser.load(path: path.path) }
        // libyaml points at the first byte that breaks the sequence: the space after 0xE9.
        #expect(error?.message == "not valid YAML text: invalid trailing UTF-8 octet", "\(error?.description ?? "")")
        #expect(error?.location?.line == 4 && error?.location?.column == 22, "\(error?.description ?? "")")
    }

    @Test func nestingBeyondThirtyTwoLevelsIsRefused() {
        let deep = "rules: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let error = #expect(throws: PolicyFileError.self) { try PolicyParser().parse(deep) }
        #expect(error?.message == "not valid YAML: sequences and mappings nest deeper than 32 levels")
    }

    @Test func aliasesCannotExpandThePolicyWithoutBound() {
        var text = "x0: &a0 [" + Array(repeating: "1", count: 20).joined(separator: ", ") + "]\n"
        for level in 1..<7 {
            text +=
                "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 20).joined(separator: ", ")
                + "]\n"
        }
        let error = #expect(throws: PolicyFileError.self) { try PolicyParser().parse(text) }
        #expect(error?.message.contains("counting aliases as copies") == true)
    }
}
