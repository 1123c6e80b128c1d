import Foundation
import Inventory
import InventoryLibvirt
import NetworkTypes
import TestSupport
import Testing

/// Against libvirt's test driver (in-process, no daemon), compared with what virsh
/// reports for the same node file.
@Suite(.tags(.interop), .interopTier) struct LibvirtSourceTests {
    static let uri = "test://" + Fixtures.libvirtNode

    /// Runs `virsh -c URI ARGS…` and returns its stdout; fails on a non-zero exit.
    static func virsh(_ arguments: String...) throws -> String {
        let output = try ExternalTool.run("virsh", ["-c", uri] + arguments)
        guard output.status == 0 else {
            throw ToolMissing(
                description: "virsh \(arguments) failed (libvirt-clients installed?): \(output.standardError)"
            )
        }
        return output.standardOutput
    }

    /// Table rows of virsh output (after the dashed separator), split on blanks.
    static func rows(_ text: String) -> [[String]] {
        let lines = text.split(separator: "\n")
        guard let separator = lines.firstIndex(where: { $0.hasPrefix("---") }) else { return [] }
        return lines[(separator + 1)...].map { $0.split(separator: " ").map(String.init) }.filter { !$0.isEmpty }
    }

    @Test func theNodeFileComesOutExactlyAsVirshShowsIt() async throws {
        let snapshot = try await LibvirtSource(uri: Self.uri).snapshot()
        let host = try Self.virsh("hostname").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(snapshot.hosts == [HypervisorHost(name: host)])

        let names = try Self.virsh("list", "--all", "--name").split(separator: "\n").map(String.init).sorted()
        #expect(snapshot.virtualMachines.map(\.name).sorted() == names)
        #expect(names == ["vm-app", "vm-db", "vm-web"])
        for vm in snapshot.virtualMachines {
            #expect(vm.uuid == (try Self.virsh("domuuid", vm.name).trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(vm.host == host)
            #expect(
                vm.state.rawValue
                    == (try Self.virsh("domstate", vm.name).trimmingCharacters(in: .whitespacesAndNewlines))
            )
            // Interface  Type  Source  Model  MAC
            let interfaces = Self.rows(try Self.virsh("domiflist", vm.name))
            #expect(vm.nics.map(\.interfaceName) == interfaces.map { $0[0] })
            #expect(vm.nics.map(\.network) == interfaces.map { $0[2] })
            #expect(vm.nics.map(\.mac.description) == interfaces.map { $0[4] })
            // Name  MAC  Protocol  Address/prefix
            let addresses = Self.rows(try Self.virsh("domifaddr", vm.name, "--source", "lease"))
            for nic in vm.nics {
                let expected = addresses.filter { $0.count >= 4 && $0[1] == nic.mac.description }
                    .map { String($0[3].split(separator: "/")[0]) }
                #expect(nic.ips.map(\.description) == expected)
            }
        }
        // The MACs of the node file itself, read without any XML library.
        let nodeText = try String(contentsOfFile: Fixtures.libvirtNode, encoding: .utf8)
        let fileMACs = nodeText.split(separator: "<mac address=\"").dropFirst().map { String($0.prefix(17)) }
        #expect(Set(snapshot.virtualMachines.flatMap { $0.nics.map(\.mac.description) }) == Set(fileMACs))
        #expect(fileMACs.count == 4)

        let networkNames = try Self.virsh("net-list", "--all", "--name").split(separator: "\n").map(String.init)
            .sorted()
        #expect(snapshot.networks.map(\.name).sorted() == networkNames)
        for network in snapshot.networks {
            let xml = try Self.virsh("net-dumpxml", network.name)
            let bridge = xml.split(separator: "<bridge name='").dropFirst().first.map {
                String($0.prefix { $0 != "'" })
            }
            #expect(network.bridge == bridge)
            #expect(network.kind == .libvirtNetwork)
        }
    }

    @Test func startingStoppingAndRedefiningADomainAreChangeEvents() async throws {
        let connection = try LibvirtConnection(uri: Self.uri)
        let source = LibvirtSource(connection: connection, hostName: "node-a")
        let tracker = InventoryTracker(sources: [source])
        #expect(await tracker.refresh().map(\.kind) == ["added", "added", "added", "network-added", "network-added"])
        let signals = try #require(source.changeSignals(), "the test driver delivers lifecycle events")

        try connection.destroyDomain(named: "vm-db")
        #expect(await Self.arrives(signals), "a lifecycle event for the stop")
        // A stopped domain has no lease any more: state and NICs (their IPs) change.
        var events = await tracker.refresh()
        #expect(events.map(\.kind) == ["state", "nics"])
        if case .vmStateChanged(let vm, let from, let to) = events.first?.change {
            #expect((vm.name, from, to) == ("vm-db", .running, .shutOff))
        }
        if case .nicsChanged(_, let old, let new) = events.last?.change {
            #expect(old.map(\.ips) == [[IPAddress("192.168.0.1")!]])
            #expect(new.map(\.ips) == [[]])
            #expect(new.map(\.mac) == old.map(\.mac))
        }
        #expect(await tracker.view.index.virtualMachine(withMAC: MACAddress("52:54:00:00:02:01")!)?.state == .shutOff)

        try connection.startDomain(named: "vm-db")
        #expect(await Self.arrives(signals), "a lifecycle event for the start")
        events = await tracker.refresh()
        #expect(events.map(\.kind) == ["state", "nics"])
        #expect(events.first?.virtualMachine?.state == .running)
        #expect(events.first?.virtualMachine?.nics.map(\.interfaceName) == ["testnet0"])

        // Redefine vm-app (stopped, so the new definition is the one in effect) with a second NIC.
        try connection.destroyDomain(named: "vm-app")
        #expect(await tracker.refresh().map(\.kind) == ["state", "nics"])
        let xml = try #require(try connection.domains().first { $0.xml.contains("<name>vm-app</name>") }?.xml)
        let added = "<interface type='network'><mac address='52:54:00:00:03:02'/><source network='prod'/></interface>"
        try connection.defineDomain(xml: xml.replacingOccurrences(of: "</devices>", with: added + "</devices>"))
        #expect(await Self.arrives(signals), "a lifecycle event for the redefinition")
        events = await tracker.refresh()
        #expect(events.map(\.kind) == ["nics"])
        guard case .nicsChanged(_, let old, let new) = events.first?.change else { return }
        #expect(old.count == 1)
        #expect(new.map(\.mac.description) == ["52:54:00:00:03:01", "52:54:00:00:03:02"])
        #expect(await tracker.view.index.virtualMachine(withMAC: MACAddress("52:54:00:00:03:02")!)?.name == "vm-app")

        // A new domain, then its removal.
        let newXML = """
            <domain type='test'><name>vm-new</name><uuid>aaaaaaaa-0000-4000-8000-000000000009</uuid>
            <memory unit='MiB'>256</memory><os><type arch='x86_64'>hvm</type></os><devices>
            <interface type='bridge'><mac address='52:54:00:00:09:01'/><source bridge='br-prod'/></interface>
            </devices></domain>
            """
        try connection.defineDomain(xml: newXML)
        #expect(await tracker.refresh().map(\.kind) == ["added"])
        try connection.undefineDomain(named: "vm-new")
        #expect(await tracker.refresh().map(\.kind) == ["removed"])
    }

    @Test func aDomainMigratingToAnotherNodeMovesExactlyOnce() async throws {
        let nodeA = try LibvirtConnection(uri: Self.uri)
        let nodeB = try LibvirtConnection(uri: "test://" + Fixtures.path("libvirt-empty-node.xml"))
        let tracker = InventoryTracker(sources: [
            LibvirtSource(connection: nodeA, hostName: "node-a"), LibvirtSource(connection: nodeB, hostName: "node-b"),
        ])
        await tracker.refresh()
        let mac = MACAddress("52:54:00:00:01:01")!
        #expect(await tracker.view.index.virtualMachine(withMAC: mac)?.host == "node-a")

        // What a live migration looks like from outside: the domain starts on B, then leaves A.
        let xml = try #require(try nodeA.domains().first { $0.xml.contains("<name>vm-web</name>") }?.xml)
        try nodeB.defineDomain(xml: xml)
        try nodeB.startDomain(named: "vm-web")
        var events = await tracker.refresh()
        try nodeA.destroyDomain(named: "vm-web")
        try nodeA.undefineDomain(named: "vm-web")
        events += await tracker.refresh()
        events += await tracker.refresh()

        #expect(events.map(\.kind) == ["moved"])
        guard case .vmMoved(let vm, let from, let to) = events.first?.change else { return }
        #expect((vm.name, from, to) == ("vm-web", "node-a", "node-b"))
        let index = await tracker.view.index
        #expect(index.virtualMachine(withMAC: mac)?.host == "node-b")
        #expect(index.virtualMachine(withMAC: MACAddress("52:54:00:00:01:02")!)?.host == "node-b")
        #expect(index.virtualMachine(withMAC: MACAddress("52:54:00:00:02:01")!)?.host == "node-a")
        #expect(await tracker.view.conflicts.filter { $0.kind == .vmOnSeveralHosts }.isEmpty)
    }

    @Test(arguments: [
        ("qemu+tcp://127.0.0.1:1/system", "unable to connect to server at '127.0.0.1:1'"),
        ("test:///nonexistent/vtin-node.xml", "failed to parse xml document '/nonexistent/vtin-node.xml'"),
    ])
    func anUnreachableNodeIsAClearError(uri: String, message: String) async throws {
        let error = try await #require(throws: InventorySourceError.self) {
            try await LibvirtSource(uri: uri).snapshot()
        }
        #expect(error.source == "libvirt:" + uri)
        #expect(error.reason.hasPrefix("cannot connect: "))
        #expect(error.reason.contains(message), "\(error)")
    }

    /// True when a signal arrives within 5 seconds.
    static func arrives(_ signals: AsyncStream<Void>) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var iterator = signals.makeAsyncIterator()
                return await iterator.next() != nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(5))  // the deadline racing the signal
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
