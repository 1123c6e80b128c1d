import Foundation
import TestSupport
import Testing

/// `vm:` and `tag:` rules resolved through `--inventory` in `policy check`,
/// `policy explain` and the offline `tap`, counted against tshark's selection of
/// the same VM's frames.
@Suite(.tags(.interop), .interopTier) struct PolicyInventoryTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let sample = repository.appendingPathComponent("Samples/sample.pcapng").path

    /// A file inventory naming one of the sample's hosts `web-1` (tag `web`), and a policy selecting it.
    func makeFiles(_ directory: URL, rule: String) throws -> (inventory: String, policy: String) {
        let inventory = directory.appendingPathComponent("inventory.yaml").path
        try """
        hosts:
          - name: host-a
        vms:
          - name: web-1
            uuid: aaaaaaaa-0000-4000-8000-000000000001
            host: host-a
            state: running
            tags: [web]
            nics:
              - { mac: "02:00:0a:01:0e:1f", ips: [10.1.14.31], interface: vnet0 }
          - name: db-1
            uuid: aaaaaaaa-0000-4000-8000-000000000002
            host: host-a
            state: running
            nics:
              - { mac: "02:00:0a:01:07:0c", ips: [10.1.7.12], interface: vnet1 }
        """.write(toFile: inventory, atomically: true, encoding: .utf8)
        let policy = directory.appendingPathComponent("policy.yaml").path
        try """
        destinations:
          ids: { address: 192.0.2.10, encap: gre, key: 100, mtu: 9000 }
        rules:
          - name: web-vms
            match: { \(rule) }
            send: [ids]
        default: ignore
        """.write(toFile: policy, atomically: true, encoding: .utf8)
        return (inventory, policy)
    }

    /// Frames to or from web-1 (by MAC or address), as tshark counts them.
    func tsharkCount() throws -> Int {
        let result = try ExternalTool.run(
            "tshark",
            [
                "-r", Self.sample, "-Y", "eth.addr==02:00:0a:01:0e:1f || ip.addr==10.1.14.31", "-T", "fields", "-e",
                "frame.number",
            ]
        )
        #expect(result.status == 0)
        return result.standardOutput.split(separator: "\n").count
    }

    @Test(arguments: [#"vm: "web-*""#, "tag: web"])
    func vmAndTagRulesResolveThroughAFileInventory(rule: String) throws {
        let directory = try ExternalTool.temporaryDirectory("vtct-inventory")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (inventory, policy) = try makeFiles(directory, rule: rule)
        let expected = try tsharkCount()
        #expect(expected > 0)

        let check = try ExternalTool.run(
            ExternalTool.tapctl,
            ["policy", "check", policy, "--inventory", "file:" + inventory]
        )
        #expect(check.status == 0)
        #expect(check.standardOutput.contains("0 warnings"))

        let explain = try ExternalTool.run(
            ExternalTool.tapctl,
            ["policy", "explain", policy, "--read", Self.sample, "--summary", "--inventory", "file:" + inventory]
        )
        #expect(explain.status == 0)
        #expect(explain.standardOutput.contains("copies to send: \(expected)"))

        let encap = directory.appendingPathComponent("encap.pcap").path
        let tap = try ExternalTool.run(
            ExternalTool.tapctl,
            [
                "tap", "--read", Self.sample, "--policy", policy, "--inventory", "file:" + inventory, "--write-encap",
                encap,
            ]
        )
        #expect(tap.status == 0)
        #expect(tap.standardOutput.contains("tapped \(expected),"))
        let written = try ExternalTool.run("tshark", ["-r", encap, "-Y", "gre", "-T", "fields", "-e", "frame.number"])
        #expect(written.standardOutput.split(separator: "\n").count == expected)
    }

    @Test func withoutAnInventoryTheRuleMatchesNothingAndCheckWarns() throws {
        let directory = try ExternalTool.temporaryDirectory("vtct-inventory")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (_, policy) = try makeFiles(directory, rule: #"vm: "web-*""#)
        let check = try ExternalTool.run(ExternalTool.tapctl, ["policy", "check", policy])
        #expect(check.status == 0)
        #expect(check.standardError.contains("no inventory") || check.standardOutput.contains("no inventory"))
    }

    @Test func anUnreadableInventoryIsOneLineAndNonZero() throws {
        let directory = try ExternalTool.temporaryDirectory("vtct-inventory")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (_, policy) = try makeFiles(directory, rule: #"vm: "web-*""#)
        let check = try ExternalTool.run(
            ExternalTool.tapctl,
            ["policy", "check", policy, "--inventory", "file:" + directory.path + "/missing.yaml"]
        )
        #expect(check.status != 0)
        #expect(check.standardError.split(separator: "\n").count == 1)
        #expect(check.standardError.contains("missing.yaml"))
    }
}
