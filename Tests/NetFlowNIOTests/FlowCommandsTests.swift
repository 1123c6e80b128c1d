import ArgumentParser
import Foundation
import NetFlow
import PacketCore
import TapCtlCore
import TapVocabulary
import Testing

@Suite struct FlowCommandsTests {
    @Test func helpShowsAnExampleForBothCommands() {
        #expect(
            FlowsCommand.helpMessage().contains(
                "tapctl flows --read capture.pcapng --export 127.0.0.1:2055 --version 9"
            )
        )
        #expect(CollectCommand.helpMessage().contains("tapctl collect --listen 0.0.0.0:2055 --duration 60"))
    }

    @Test(arguments: [
        ["--export", "127.0.0.1:2055"],  // no source
        ["--read", "a.pcap", "--interface", "lo", "--export", "127.0.0.1:2055"],  // two sources
        ["--read", "a.pcap", "--export", "127.0.0.1:2055", "--version", "7"],  // bad version
        ["--read", "a.pcap"],  // nowhere to export
    ])
    func badFlowsArgumentsAreRejected(arguments: [String]) {
        #expect(throws: (any Error).self) { _ = try FlowsCommand.parse(arguments) }
    }

    @Test func aMissingCaptureFailsWithItsName() async throws {
        let command = try FlowsCommand.parse([
            "--read", "/nonexistent/vtnf.pcap", "--export", "127.0.0.1:9", "--version", "9",
        ])
        await #expect(throws: CommandFailure.self) { try await command.run() }
    }

    @Test func collectReadsDatagramsFromACaptureAndReportsJSON() async throws {
        let capture = try InteropCapture.get()
        let directory = try PeerTools.temporaryDirectory("collect")
        let export = directory + "/ipfix.pcap"
        let mapping = directory + "/vms.json"
        try
            #"{"vms": [{"name": "vm-a", "nics": [{"mac": "02:00:00:00:0a:01", "ips": ["10.1.0.28", "10.1.11.23", "10.1.12.22"]}]}]}"#
            .write(toFile: mapping, atomically: true, encoding: .utf8)
        try await FlowsCommand.parse([
            "--read", capture.path, "--write-datagrams", export, "--version", "10",
            "--inventory", "file:\(mapping)",
        ]).run()
        try await CollectCommand.parse(["--read", export, "--json", "--inventory", "file:\(mapping)"]).run()
        // The same decode through the library: every record back, the VM named in IPFIX and by the inventory.
        var decoder = FlowMessageDecoder()
        var summary = FlowSummary()
        try CaptureDatagramReader.run(try CaptureFileReader(path: export), decoder: &decoder, into: &summary)
        let truth = try CaptureGroundTruth.compute(capture: capture.path, ipv4Only: false)
        #expect(summary.totals.packets == truth.protocols.values.reduce(0) { $0 + $1.packets })
        #expect((summary.byVM["vm-a"]?.flows ?? 0) > 0)
        #expect(decoder.statistics.malformedDatagrams == 0)
    }

    @Test func anInventoryFileNamesTheVMsInIPFIX() async throws {
        let capture = try InteropCapture.get()
        let directory = try PeerTools.temporaryDirectory("inventory")
        let inventory = directory + "/estate.yaml"
        try """
        vms:
          - name: web-9
            uuid: aaaaaaaa-0000-4000-8000-000000000009
            nics:
              - { mac: "02:00:0a:01:00:1c", ips: [10.1.0.28], interface: vtnf-none0 }
        """.write(toFile: inventory, atomically: true, encoding: .utf8)
        let export = directory + "/ipfix.pcap"
        try await FlowsCommand.parse([
            "--read", capture.path, "--write-datagrams", export, "--version", "10",
            "--inventory", "file:\(inventory)",
        ]).run()
        var decoder = FlowMessageDecoder()
        var flows = CollectedFlowList()
        try CaptureDatagramReader.run(try CaptureFileReader(path: export), decoder: &decoder, into: &flows)
        let named = flows.flows.filter { $0.vmName == "web-9" }
        #expect(!named.isEmpty)
        #expect(
            named.allSatisfy { VirtualMachine.uuidString(bits: $0.vmUUID) == "aaaaaaaa-0000-4000-8000-000000000009" }
        )
    }
}
