import Foundation
import Testing

@testable import Policy

/// Truncation and corruption sweeps over policy and VM-map text: every prefix of a valid
/// file, and the file with each byte replaced by YAML's structural characters, must give
/// either a usable policy or one located, one-line error inside the text. (A crash fails the
/// whole run.) The fuzz targets search the same space at random; these sweeps cover every
/// place of the files the tests and docs use.
struct PolicyTextSweepTests {
    /// Flow and block style, quoting, anchors and aliases, lists and ranges: the parser's paths.
    static let flowPolicy = """
        destinations:
          ids: &ids { address: 192.0.2.10, encap: gre, key: 100, sequence: true }
          dlp: { address: "2001:db8::11", encap: erspan3, session: 7, truncate: 256, sample: "1:10" }
          lab: { address: 192.0.2.13, encap: vxlan, vni: 4242, port: 4789, max-pps: 10k, mtu: 1500 }
        rules:
          - { name: skip-nfs, match: { port: 2049 }, action: ignore }
          - name: dns-out
            match: { net: [10.1.0.0/16, "2001:db8::/32"], dst-port: 53, proto: udp, direction: out }
            send: [dlp]
          - { name: web, match: { dst-net: 10.1.4.0/22, port: [80, 8080-8090], proto: tcp }, send: [ids, lab] }
          - { name: vlan-mac, match: { vlan: 100-102, mac: "02:00:0a:01:00:05" }, send: [lab] }
          - { name: vms, match: { vm: 'web-*', tag: [prod], direction: in }, send: [ids] }
        default: { send: [ids] }
        """

    static var policies: [(name: String, text: String)] {
        [
            ("example.yaml", try! String(contentsOfFile: PolicyFixtures.example, encoding: .utf8)),
            ("flow.yaml", flowPolicy),
        ]
    }

    /// YAML's indicators, a line break, a tab, NUL and bytes that break UTF-8.
    static let replacements: [UInt8] = Array(":{}[]\"'\n\t&*!-#,|".utf8) + [0x00, 0xC3, 0xFF]

    @Test(arguments: policies.map(\.name))
    func everyPrefixOfAPolicyParsesOrGivesALocatedError(name: String) throws {
        let text = try #require(Self.policies.first { $0.name == name }?.text)
        let bytes = Array(text.utf8)
        let full = try PolicyParser(file: name).parse(text)
        var accepted = 0
        for length in 0...bytes.count {
            if check(bytes[..<length], name: name, fullRuleCount: full.rules.count) { accepted += 1 }
        }
        // Cutting a file at the end of a rule leaves a valid policy: the sweep exercises both outcomes.
        #expect(accepted > 0 && accepted < bytes.count)
    }

    @Test(arguments: policies.map(\.name))
    func everyByteReplacedParsesOrGivesALocatedError(name: String) throws {
        let text = try #require(Self.policies.first { $0.name == name }?.text)
        var bytes = Array(text.utf8)
        for position in bytes.indices {
            let original = bytes[position]
            for replacement in Self.replacements where replacement != original {
                bytes[position] = replacement
                _ = check(bytes[...], name: name, fullRuleCount: nil, compile: false)
            }
            bytes[position] = original
        }
    }

    /// Parses `bytes` (invalid UTF-8 is repaired, as `String(decoding:)` does), and checks the
    /// outcome: a policy that can be checked (and, with `compile`, compiled), or a located
    /// one-line error. Returns true when the text was accepted. (Compiling builds 256 KiB
    /// tables; the replacement sweep, about 29,000 texts, leaves it to the prefix sweep.)
    private func check(_ bytes: ArraySlice<UInt8>, name: String, fullRuleCount: Int?, compile: Bool = true) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            let policy = try PolicyParser(file: name).parse(text)
            if let fullRuleCount { #expect(policy.rules.count <= fullRuleCount) }
            if compile {
                let compiled = CompiledPolicy(policy)
                #expect(compiled.destinations.count == policy.destinations.count)
            }
            _ = PolicyWarnings.find(in: policy)
            return true
        } catch {
            expectLocated(error, in: text, name: name, cut: bytes.count)
            return false
        }
    }

    private func expectLocated(_ error: PolicyFileError, in text: String, name: String, cut: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        let location = error.location
        #expect(location?.file == name, "at byte \(cut): \(error)")
        #expect((1...max(lines, 1) + 1).contains(location?.line ?? 0), "at byte \(cut): \(error)")
        #expect((location?.column ?? 0) >= 1, "at byte \(cut): \(error)")
        #expect(!error.message.isEmpty && !error.description.contains("\n"), "at byte \(cut): \(error)")
    }
}
