import Foundation
import Inventory
import TapAgent
import TapVocabulary
import TestSupport
import Testing

/// A configuration that taps nothing, or costs more than it says, is never silent: the warnings
/// over an inventory (pure), and the real `tapctl tap` logging them, listing them in `--stats-json`,
/// failing with `--strict`, and reporting an inventory file deleted or broken while it runs.
@Suite struct ConfigurationWarningTests {
    static let estate = InventorySnapshot(
        hosts: [HypervisorHost(name: "kvm1"), HypervisorHost(name: "kvm2")],
        virtualMachines: [
            VirtualMachine(name: "web-1", host: "kvm1", tags: ["pci"]),
            VirtualMachine(name: "db-1", host: "kvm2"),
        ]
    )

    static func kinds(host: String, vms: [String], netflow: Bool = false) -> [ConfigurationWarning.Kind] {
        var configuration = TapAgentConfiguration(policyPath: "policy.yaml", hostName: host)
        configuration.inventorySources = [InventoryFileSource(path: "estate.yaml")]
        configuration.virtualMachines = vms
        if netflow { configuration.netflowCollector = ("127.0.0.1", 2055) }
        let view = InventoryView(index: InventoryIndex(estate), conflicts: [], failingSources: [:], updatedAt: nil)
        return ConfigurationWarning.find(configuration: configuration, view: view).map(\.kind)
    }

    @Test func aHostNameTheInventoryDoesNotKnowIsAWarning() {
        #expect(Self.kinds(host: "localhost", vms: ["web-*"]) == [.unknownHost])
        #expect(Self.kinds(host: "kvm1", vms: ["web-*"]) == [])
    }

    @Test func aSelectorMatchingNoVMIsAWarningEvenWhenAnotherMatches() {
        #expect(Self.kinds(host: "kvm1", vms: ["web-*", "mail-*"]) == [.selectorMatchesNothing])
        #expect(Self.kinds(host: "kvm1", vms: ["tag:pci"]) == [])
        #expect(Self.kinds(host: "kvm1", vms: ["tag:hipaa"]) == [.selectorMatchesNothing])
    }

    @Test func selectedVMsAllOnOtherHostsAreAWarning() {
        #expect(Self.kinds(host: "kvm1", vms: ["db-*"]) == [.nothingOnThisHost])
        #expect(Self.kinds(host: "kvm2", vms: ["db-*"]) == [])
    }

    @Test func flowExportSaysTheKernelFilterIsOffButStillTaps() {
        let kinds = Self.kinds(host: "kvm1", vms: ["web-*"], netflow: true)
        #expect(kinds == [.kernelFilterOff])
        #expect(ConfigurationWarning(kind: .kernelFilterOff, message: "").tapsNothing == false)
        #expect(ConfigurationWarning(kind: .unknownHost, message: "").tapsNothing)
    }

    // MARK: - The real tapctl (no root: nothing to open, the copies go to a file)

    private static func writeFiles(in directory: URL) throws -> (policy: String, inventory: String) {
        let policy = directory.appendingPathComponent("policy.yaml").path
        try """
        destinations:
          ids: { address: 198.18.0.9, encap: gre, key: 1 }
        default: { send: [ids] }

        """.write(toFile: policy, atomically: true, encoding: .utf8)
        let inventory = directory.appendingPathComponent("inventory.yaml").path
        try """
        hosts:
          - { name: kvm1 }
        vms:
          - name: web-1
            host: kvm1
            state: running
            nics:
              - { mac: "02:00:00:00:00:01", interface: vtnone\(getpid() % 10000), network: lab }

        """.write(toFile: inventory, atomically: true, encoding: .utf8)
        return (policy, inventory)
    }

    @Test func anAgentThatTapsNothingWarnsListsItInStatisticsAndStrictMakesItFatal() throws {
        let directory = try ExternalTool.temporaryDirectory("vtcw")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (policy, inventory) = try Self.writeFiles(in: directory)
        let stats = directory.appendingPathComponent("stats.json").path
        let arguments = [
            "tap", "--inventory", "file:" + inventory, "--vm", "web-*", "--vm", "mail-*", "--host-name", "nosuch",
            "--policy", policy, "--write-encap", directory.appendingPathComponent("out.pcap").path,
            "--stats-json", stats, "--duration", "0.3",
        ]
        let relaxed = try ExternalTool.run(try ExternalTool.tapctl, arguments)
        #expect(relaxed.status == 0, "\(relaxed.standardError)")
        #expect(
            relaxed.standardError.contains("host name 'nosuch' is not in the inventory"),
            "\(relaxed.standardError)"
        )
        #expect(relaxed.standardError.contains("--vm mail-* matches no VM"), "\(relaxed.standardError)")
        let statistics = try AgentStatisticsFile.read(stats)
        #expect(statistics.warnings.map(\.kind) == [.unknownHost, .selectorMatchesNothing])
        #expect(statistics.interfaces.allSatisfy { $0.captured == 0 })

        let strict = try ExternalTool.run(try ExternalTool.tapctl, arguments + ["--strict"])
        #expect(strict.status != 0)
        #expect(
            strict.standardError.contains("--strict: host name 'nosuch' is not in the inventory"),
            "\(strict.standardError)"
        )
    }

    @Test func anInventoryFileDeletedThenBrokenWhileTheAgentRunsIsWarnedOncePerChange() throws {
        let directory = try ExternalTool.temporaryDirectory("vtcw")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (policy, inventory) = try Self.writeFiles(in: directory)
        let stats = directory.appendingPathComponent("stats.json").path
        let log = directory.appendingPathComponent("agent.log").path
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let agent = Process()
        agent.executableURL = URL(fileURLWithPath: try ExternalTool.tapctl)
        agent.arguments = [
            "tap", "--inventory", "file:" + inventory, "--vm", "web-*", "--host-name", "kvm1",
            "--policy", policy, "--write-encap", directory.appendingPathComponent("out.pcap").path,
            "--stats-json", stats, "--duration", "3", "--inventory-interval", "0.1",
        ]
        agent.standardOutput = handle
        agent.standardError = handle
        try agent.run()
        defer { if agent.isRunning { kill(agent.processIdentifier, SIGKILL) } }
        try Poll.untilFile(log, contains: "tap agent started", timeout: 3)
        try FileManager.default.removeItem(atPath: inventory)
        try Poll.untilFile(log, contains: "inventory source failing", timeout: 3)
        try "vms: [ { name: broken\n".write(toFile: inventory, atomically: true, encoding: .utf8)
        agent.waitUntilExit()
        try handle.close()
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(agent.terminationStatus == 0, "\(text)")
        let failing = text.split(separator: "\n").filter {
            $0.contains("inventory source failing, keeping its last good view")
        }
        #expect(failing.count == 2, "one warning when deleted, one when broken: \(failing)")
        #expect(failing.first?.contains("cannot read") == true, "\(failing)")
        let statistics = try AgentStatisticsFile.read(stats)
        #expect(statistics.failingInventorySources.keys.sorted() == ["file:" + inventory])
        #expect(statistics.failingInventorySources["file:" + inventory]?.contains("cannot read") == false)
        // The last good view stays: web-1 is still this host's tapped interface.
        #expect(statistics.interfaces.map(\.name) == ["vtnone\(getpid() % 10000)"])
    }
}
