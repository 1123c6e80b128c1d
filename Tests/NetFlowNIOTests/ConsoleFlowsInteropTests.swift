import ConsoleFlows
import ConsoleServer
import ConsoleStore
import FlowTransport
import Foundation
import Inventory
import NetFlowNIO
import NetworkTypes
import TapCtlCore
import TapVocabulary
import TestSupport
import Testing

/// The console's collector end to end: a generated capture exported by `tapctl flows` (v9 and
/// IPFIX) and by softflowd, each export replayed byte for byte to nfcapd and to a console on
/// SQLite. The console's totals and top-10 talkers equal what nfdump computes; its per-VM numbers
/// equal a per-VM sum tshark and a few lines of Python compute from the capture with the inventory.
@Suite(.serialized, .tags(.interop), .interopTier) struct ConsoleFlowsInteropTests {
    enum Exporter: String, CaseIterable, Sendable { case tapctlV9, tapctlIPFIX, softflowdV9 }

    static func export(_ exporter: Exporter, _ capture: String, sampling: Int = 1) async throws -> [[UInt8]] {
        let recorder = try DatagramRecorder()
        switch exporter {
        case .tapctlV9, .tapctlIPFIX:
            try await FlowsCommand.parse([
                "--read", capture, "--export", "127.0.0.1:\(recorder.port)", "--version",
                exporter == .tapctlV9 ? "9" : "10",
                "--active-timeout", "1000000", "--inactive-timeout", "1000000", "--sampling", "\(sampling)",
            ]).run()
        case .softflowdV9:
            let pidFile = try PeerTools.temporaryDirectory("softflowd") + "/softflowd.pid"
            let out = try PeerTools.run(
                "softflowd",
                ["-r", capture, "-n", "127.0.0.1:\(recorder.port)", "-v", "9", "-A", "milli", "-p", pidFile]
            )
            guard out.status == 0 else { throw PeerError("softflowd failed: \(out.stderr)") }
        }
        return recorder.drain()
    }

    static func send(_ export: [[UInt8]], to port: Int) async throws {
        var sender = try UDPDatagramSender.open(host: "127.0.0.1", port: port)
        for datagram in export {
            datagram.withUnsafeBytes { sender.send($0.bytes) }
            sender.waitForWrites()  // one datagram at a time, paced below
            try await Task.sleep(for: .microseconds(200))  // loopback: let the receiver keep up
        }
        sender.close()
    }

    /// An estate of three VMs owning the five busiest source addresses nfdump saw (two hosts).
    static func inventory(from flows: [NfdumpFlow]) -> (InventorySnapshot, [String: String]) {
        var bytes: [String: UInt64] = [:]
        for flow in flows { bytes[normal(flow.source), default: 0] += flow.bytes }
        let busiest = bytes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(5).map(\.key)
        let plan = [("vm-a", "hv1", [0, 1]), ("vm-b", "hv2", [2, 3]), ("vm-c", "hv1", [4])]
        var snapshot = InventorySnapshot()
        var owner: [String: String] = [:]
        for (index, (name, host, picks)) in plan.enumerated() {
            let addresses = picks.filter { $0 < busiest.count }.map { busiest[$0] }
            for address in addresses { owner[address] = name }
            let nic = VirtualNIC(
                mac: MACAddress(rawValue: 0x5254_0000_0000 + UInt64(index)),
                ips: addresses.compactMap { IPAddress($0) },
                network: "lab"
            )
            snapshot.virtualMachines.append(
                VirtualMachine(
                    name: name,
                    uuid: "00000000-0000-4000-8000-00000000000\(index)",
                    state: .running,
                    host: host,
                    tags: ["lab"],
                    nics: [nic]
                )
            )
        }
        return (snapshot, owner)
    }

    static func normal(_ text: String) -> String { IPAddress(text)?.description ?? text }

    /// Per VM, packets and bytes of the IP packets with that VM at either end (once per packet),
    /// from tshark's decode of the capture (defragmentation off; IPv6 bytes = payload length + 40).
    static let perVMScript = #"""
        import sys, subprocess, json, ipaddress, collections
        cap, owners = sys.argv[1], json.loads(sys.argv[2])
        owners = {str(ipaddress.ip_address(k)): v for k, v in owners.items()}
        cmd = ["tshark", "-r", cap, "-n", "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-T", "fields",
               "-E", "separator=\t", "-E", "occurrence=f", "-e", "ip.len", "-e", "ip.src", "-e", "ip.dst", "-e", "ipv6.plen",
               "-e", "ipv6.src", "-e", "ipv6.dst"]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        vms = collections.defaultdict(lambda: {"packets": 0, "bytes": 0})
        for line in out.splitlines():
            iplen, src, dst, plen, s6, d6 = line.split("\t")
            if iplen: n, a, b = int(iplen), src, dst
            elif plen: n, a, b = int(plen) + 40, s6, d6
            else: continue
            names = {owners.get(str(ipaddress.ip_address(a))), owners.get(str(ipaddress.ip_address(b)))} - {None}
            for name in names:
                vms[name]["packets"] += 1; vms[name]["bytes"] += n
        print(json.dumps(vms))
        """#

    struct VMTotals: Decodable, Equatable { var packets: Int64, bytes: Int64 }

    /// A console on a fresh SQLite file with `snapshot` as its estate and its collector on a free port.
    static func console(_ snapshot: InventorySnapshot) async throws -> (ConsoleCore, FlowCollectorService, String) {
        let folder = try PeerTools.temporaryDirectory("console")
        let core = ConsoleCore(
            store: ConsoleStore(try await ConsoleDatabase.open(.sqlite(path: folder + "/console.sqlite")))
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try await core.store.saveEstate(
            source: "merged",
            document: String(decoding: try encoder.encode(snapshot), as: UTF8.self),
            at: 0
        )
        let collector = try await FlowCollectorService.bind(core: core, host: "127.0.0.1", port: 0)
        return (core, collector, folder)
    }

    static func waitFor(_ datagrams: Int, _ core: ConsoleCore, _ collector: FlowCollectorService) async throws {
        try await Poll.until("the console to ingest \(datagrams) datagrams", timeout: 10, poll: 0.1) {
            await collector.flush()
            return core.flowIngest.status.datagrams >= UInt64(datagrams)
        }
        await collector.flush(final: true)
    }

    @Test(arguments: Exporter.allCases)
    func consoleTotalsTopTalkersAndPerVMEqualNfdumpAndTshark(exporter: Exporter) async throws {
        let capture = try InteropCapture.get()
        let export = try await Self.export(exporter, capture.path)
        try #require(!export.isEmpty)
        let nfcapd = try Nfcapd()
        try await Self.send(export, to: nfcapd.port)
        let nfdump = try nfcapd.stopAndDump()
        let (snapshot, owner) = Self.inventory(from: nfdump)
        try #require(owner.count == 5)

        let (core, collector, folder) = try await Self.console(snapshot)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Self.send(export, to: collector.port)
        try await Self.waitFor(export.count, core, collector)
        try await collector.channel.close()
        let status = core.flowIngest.status
        #expect(status.datagrams == UInt64(export.count) && status.malformedDatagrams == 0)
        #expect(status.flowRecordsWritten == UInt64(nfdump.count), "\(exporter): every record written")
        #expect(status.kernelDrops == 0)

        let start = nfdump.map(\.start).min()! / 1000 - 60
        let end = nfdump.map(\.start).max()! / 1000 + 120
        let now = ConsoleClock.nowMilliseconds() / 1000
        let top = try await FlowReports.top(FlowQuery(start: start, end: end, limit: 1000), core: core, now: now)
        #expect(!top.estimated)
        #expect(top.totals.flows == Int64(nfdump.count), "\(exporter) flows")
        #expect(top.totals.packets == Int64(nfdump.reduce(0) { $0 + $1.packets }), "\(exporter) packets")
        #expect(top.totals.bytes == Int64(nfdump.reduce(0) { $0 + $1.bytes }), "\(exporter) bytes")

        // Per pair, protocol and service port, with addresses named by the inventory as the console does.
        func key(_ address: String) -> String {
            guard let vm = owner[Self.normal(address)] else { return Self.normal(address) }
            return "vm:" + snapshot.virtualMachines.first { $0.name == vm }!.uuid!
        }
        var theirs: [String: FlowAnswers.Counts] = [:]
        for flow in nfdump {
            let port = FlowPortClass.servicePort(
                ipProtocol: UInt8(flow.proto),
                sourcePort: flow.sourcePort,
                destinationPort: flow.destinationPort
            )
            let pair = "\(key(flow.source)) > \(key(flow.destination)) \(flow.proto)/\(port)"
            theirs[pair, default: .init()].bytes += Int64(flow.bytes)
            theirs[pair]!.packets += Int64(flow.packets)
            theirs[pair]!.flows += 1
        }
        // Every stored sum of the table the API read, and the API's own top 10.
        let table = try #require(FlowRollupResolution.allCases.first { $0.tableName == top.table })
        var ours: [String: FlowAnswers.Counts] = [:]
        for row in try await core.store.flowSums(table, from: top.start, to: top.end) {
            let pair = "\(row.sourceKey) > \(row.destinationKey) \(row.ipProtocol)/\(row.servicePort)"
            ours[pair, default: .init()].bytes += row.bytes
            ours[pair]!.packets += row.packets
            ours[pair]!.flows += row.flows
        }
        #expect(ours == theirs, "\(exporter): packets, bytes and flows per pair, protocol and service port")
        let theirTop = theirs.sorted {
            $0.value.bytes != $1.value.bytes ? $0.value.bytes > $1.value.bytes : $0.key < $1.key
        }
        .prefix(10).map { "\($0.key) \($0.value.bytes) \($0.value.packets) \($0.value.flows)" }
        let apiTop = try await FlowReports.top(FlowQuery(start: start, end: end, limit: 10), core: core, now: now)
        #expect(
            apiTop.items.map { "\($0.key) \($0.bytes) \($0.packets) \($0.flows)" } == theirTop,
            "\(exporter): top-10 talkers"
        )

        // Per VM against tshark and the inventory.
        let perVM = try await FlowReports.top(
            FlowQuery(start: start, end: end, group: .vm, limit: 100),
            core: core,
            now: now
        )
        let ownerJSON = String(decoding: try JSONEncoder().encode(owner), as: UTF8.self)
        let out = try PeerTools.run("python3", ["-c", Self.perVMScript, capture.path, ownerJSON])
        try #require(out.status == 0, "\(out.stderr)")
        let truth = try JSONDecoder().decode([String: VMTotals].self, from: Data(out.stdout.utf8))
        var consoleVMs: [String: VMTotals] = [:]
        for item in perVM.items { consoleVMs[item.name] = VMTotals(packets: item.packets, bytes: item.bytes) }
        // softflowd's own byte counts differ from the capture's (see Docs/ConsoleFlows.md): its export is
        // checked per VM against nfdump's reading of it, ours against tshark's reading of the capture.
        var nfdumpVMs: [String: VMTotals] = [:]
        for flow in nfdump {
            for name in Set([owner[Self.normal(flow.source)], owner[Self.normal(flow.destination)]].compactMap { $0 }) {
                nfdumpVMs[name, default: VMTotals(packets: 0, bytes: 0)].packets += Int64(flow.packets)
                nfdumpVMs[name]!.bytes += Int64(flow.bytes)
            }
        }
        #expect(consoleVMs == nfdumpVMs, "\(exporter): per-VM packets and bytes against nfdump")
        if exporter != .softflowdV9 {
            #expect(consoleVMs == truth, "\(exporter): per-VM packets and bytes against tshark")
        } else {
            #expect(
                consoleVMs.mapValues(\.packets) == truth.mapValues(\.packets),
                "softflowd: per-VM packets against tshark"
            )
        }
        try await core.store.database.close()
    }

    @Test func sampledExportGivesEstimatedTotalsWithinFivePercent() async throws {
        let capture = try InteropCapture.get()
        let truth = try CaptureGroundTruth.compute(capture: capture.path, ipv4Only: false)
        let packets = truth.protocols.values.reduce(0) { $0 + $1.packets }
        let bytes = truth.protocols.values.reduce(0) { $0 + $1.bytes }
        let export = try await Self.export(.tapctlV9, capture.path, sampling: 10)
        let (core, collector, folder) = try await Self.console(InventorySnapshot())
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Self.send(export, to: collector.port)
        try await Self.waitFor(export.count, core, collector)
        try await collector.channel.close()
        let now = ConsoleClock.nowMilliseconds() / 1000
        let top = try await FlowReports.top(
            FlowQuery(start: truth.firstMilliseconds / 1000 - 60, end: truth.lastMilliseconds / 1000 + 120),
            core: core,
            now: now
        )
        #expect(top.estimated)
        #expect(core.flowIngest.status.estimatedFlowRecords > 0)
        #expect(
            abs(Double(top.totals.packets) - Double(packets)) / Double(packets) < 0.05,
            "packets \(top.totals.packets) vs \(packets)"
        )
        #expect(
            abs(Double(top.totals.bytes) - Double(bytes)) / Double(bytes) < 0.05,
            "bytes \(top.totals.bytes) vs \(bytes)"
        )
        try await core.store.database.close()
    }
}
