import Foundation
import Inventory
import NetworkTypes
import TapVocabulary
import Testing

/// A source whose snapshot the test sets (or makes fail), standing for a hypervisor
/// host in tests about merging and the change feed. Thread-safe.
final class SettableSource: InventorySource, @unchecked Sendable {
    let name: String
    private let lock = NSLock()
    private var current: Result<InventorySnapshot, InventorySourceError>

    init(name: String, _ snapshot: InventorySnapshot = .empty) {
        self.name = name
        self.current = .success(snapshot)
    }

    func set(_ snapshot: InventorySnapshot) { lock.withLock { current = .success(snapshot) } }
    func fail(_ reason: String) {
        lock.withLock { current = .failure(InventorySourceError(source: name, reason: reason)) }
    }
    func snapshot() async throws -> InventorySnapshot { try lock.withLock { try current.get() } }
}

@Suite struct InventoryTrackerTests {
    static let mac = MACAddress("52:54:00:00:0a:01")!

    static func web(on host: String, _ state: VMPowerState = .running) -> VirtualMachine {
        VirtualMachine(
            name: "web-1",
            uuid: "aaaaaaaa-0000-4000-8000-00000000000a",
            state: state,
            host: host,
            nics: [VirtualNIC(mac: mac, ips: [IPAddress("198.18.1.10")!], interfaceName: "vnet0", network: "prod")]
        )
    }

    static func host(_ name: String, _ vms: [VirtualMachine]) -> InventorySnapshot {
        InventorySnapshot(hosts: [HypervisorHost(name: name)], virtualMachines: vms)
    }

    static func kinds(_ events: [InventoryEvent]) -> [String] { events.map(\.kind) }

    @Test func aSnapshotThatChangesHostYieldsExactlyOneMove() async {
        let source = SettableSource(name: "vcenter", Self.host("host-a", [Self.web(on: "host-a")]))
        let tracker = InventoryTracker(sources: [source])
        #expect(Self.kinds(await tracker.refresh()) == ["added"])
        source.set(
            InventorySnapshot(
                hosts: [HypervisorHost(name: "host-a"), HypervisorHost(name: "host-b")],
                virtualMachines: [Self.web(on: "host-b")]
            )
        )
        let events = await tracker.refresh()
        #expect(Self.kinds(events) == ["moved"])
        guard case .vmMoved(let vm, let from, let to) = events.first?.change else { return }
        #expect((vm.name, from, to) == ("web-1", "host-a", "host-b"))
        #expect(await tracker.view.index.virtualMachine(withMAC: Self.mac)?.host == "host-b")
        #expect(Self.kinds(await tracker.refresh()).isEmpty)
    }

    @Test func aVMAppearingOnTheSecondHostBeforeLeavingTheFirstMovesOnce() async {
        let a = SettableSource(name: "libvirt-a", Self.host("host-a", [Self.web(on: "host-a")]))
        let b = SettableSource(name: "libvirt-b", Self.host("host-b", []))
        let tracker = InventoryTracker(sources: [a, b])
        #expect(Self.kinds(await tracker.refresh()) == ["added"])
        // Live migration: the destination runs it, the source has it paused.
        a.set(Self.host("host-a", [Self.web(on: "host-a", .paused)]))
        b.set(Self.host("host-b", [Self.web(on: "host-b")]))
        var events = await tracker.refresh()
        #expect(Self.kinds(events) == ["moved"])
        #expect(await tracker.view.conflicts.map(\.kind) == [.vmOnSeveralHosts])
        #expect(await tracker.view.index.virtualMachine(withIP: IPAddress("198.18.1.10")!)?.host == "host-b")
        a.set(Self.host("host-a", []))
        events += await tracker.refresh()
        #expect(Self.kinds(events) == ["moved"])
        #expect(await tracker.view.conflicts.isEmpty)
        #expect(await tracker.view.index.virtualMachine(onInterface: "vnet0", host: "host-b")?.host == "host-b")
        #expect(await tracker.view.index.virtualMachine(onInterface: "vnet0", host: "host-a") == nil)
    }

    @Test func twoRunningClaimsKeepTheNewestOne() async {
        let a = SettableSource(name: "a", Self.host("host-a", [Self.web(on: "host-a")]))
        let b = SettableSource(name: "b", Self.host("host-b", []))
        let tracker = InventoryTracker(sources: [a, b])
        await tracker.refresh()
        b.set(Self.host("host-b", [Self.web(on: "host-b")]))
        #expect(Self.kinds(await tracker.refresh()) == ["moved"])
        let conflict = await tracker.view.conflicts.first
        #expect(conflict?.kept == "web-1@host-b running (b)")
        #expect(conflict?.claims == ["web-1@host-a running (a)", "web-1@host-b running (b)"])
    }

    @Test func aVMLeavingBeforeItArrivesMovesOnceWithinTheGrace() async {
        let a = SettableSource(name: "a", Self.host("host-a", [Self.web(on: "host-a")]))
        let b = SettableSource(name: "b", Self.host("host-b", []))
        let tracker = InventoryTracker(sources: [a, b], migrationGrace: .seconds(30))
        await tracker.refresh()
        a.set(Self.host("host-a", []))
        #expect(Self.kinds(await tracker.refresh()).isEmpty)
        #expect(await tracker.view.index.virtualMachine(withMAC: Self.mac) == nil)
        b.set(Self.host("host-b", [Self.web(on: "host-b")]))
        let events = await tracker.refresh()
        #expect(Self.kinds(events) == ["moved"])
        #expect(await tracker.view.index.virtualMachine(withMAC: Self.mac)?.host == "host-b")
    }

    @Test func aRemovalIsReportedOnceTheGraceRunsOut() async throws {
        let a = SettableSource(name: "a", Self.host("host-a", [Self.web(on: "host-a")]))
        let tracker = InventoryTracker(sources: [a], migrationGrace: .milliseconds(200))
        await tracker.refresh()
        a.set(Self.host("host-a", []))
        #expect(Self.kinds(await tracker.refresh()).isEmpty)
        try await Task.sleep(for: .milliseconds(300))  // the 200 ms grace under test runs out
        #expect(Self.kinds(await tracker.refresh()) == ["removed"])
    }

    @Test func withoutGraceALeaveThenArriveIsRemovedThenAdded() async {
        let a = SettableSource(name: "a", Self.host("host-a", [Self.web(on: "host-a")]))
        let b = SettableSource(name: "b", Self.host("host-b", []))
        let tracker = InventoryTracker(sources: [a, b])
        await tracker.refresh()
        a.set(Self.host("host-a", []))
        #expect(Self.kinds(await tracker.refresh()) == ["removed"])
        b.set(Self.host("host-b", [Self.web(on: "host-b")]))
        #expect(Self.kinds(await tracker.refresh()) == ["added"])
    }

    @Test func stateNICAndTagChangesAreEvents() async {
        let source = SettableSource(name: "s", Self.host("host-a", [Self.web(on: "host-a")]))
        let tracker = InventoryTracker(sources: [source])
        await tracker.refresh()
        var vm = Self.web(on: "host-a", .shutOff)
        vm.nics.append(VirtualNIC(mac: MACAddress("52:54:00:00:0a:02")!))
        vm.tags = ["pci"]
        source.set(Self.host("host-a", [vm]))
        #expect(Self.kinds(await tracker.refresh()) == ["state", "nics", "updated"])
    }

    @Test func aFailingSourceKeepsTheLastGoodViewAndReportsOnce() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vtin-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try String(contentsOfFile: Fixtures.path("estate.yaml"), encoding: .utf8).write(
            toFile: path,
            atomically: true,
            encoding: .utf8
        )
        let tracker = InventoryTracker(sources: [InventoryFileSource(path: path)])
        #expect(await tracker.refresh().count == 5)  // 3 VMs, 2 networks
        try "vms:\n  - name: web-1\n    nics:\n      - mac: nonsense\n".write(
            toFile: path,
            atomically: true,
            encoding: .utf8
        )
        let failed = await tracker.refresh()
        #expect(Self.kinds(failed) == ["source-failed"])
        guard case .sourceFailed(_, let reason) = failed.first?.change else { return }
        #expect(reason == "\(path):4:14: invalid MAC address 'nonsense' (expected aa:bb:cc:dd:ee:ff)")
        #expect(await tracker.view.snapshot.virtualMachines.count == 3)
        #expect(await tracker.view.failingSources["file:" + path] == reason)
        #expect(await tracker.view.index.virtualMachine(onInterface: "vnet5", host: "host-b")?.name == "db-1")
        #expect(await tracker.refresh().isEmpty)  // the same failure is reported once
        try FileManager.default.removeItem(atPath: path)
        #expect(Self.kinds(await tracker.refresh()) == ["source-failed"])  // a new reason is news
        try String(contentsOfFile: Fixtures.path("estate.yaml"), encoding: .utf8).write(
            toFile: path,
            atomically: true,
            encoding: .utf8
        )
        #expect(Self.kinds(await tracker.refresh()) == ["source-recovered"])
        #expect(await tracker.view.failingSources.isEmpty)
    }

    @Test func theChangeFeedDeliversChangesAsTheyHappen() async throws {
        let source = SettableSource(name: "s", Self.host("host-a", [Self.web(on: "host-a")]))
        let tracker = InventoryTracker(sources: [source])
        await tracker.refresh()
        let feed = tracker.changes(pollInterval: .milliseconds(50))
        let changedAt = Date()
        source.set(Self.host("host-b", [Self.web(on: "host-b")]))
        var iterator = feed.makeAsyncIterator()
        let event = await iterator.next()
        #expect(event?.kind == "moved")
        // Seen after the change was made and before it was delivered: news, not a replay.
        // (No wall-clock bound: on a loaded machine the poll may run late.)
        #expect(event.map { $0.timestamp >= changedAt && $0.timestamp <= Date() } == true)
    }
}
