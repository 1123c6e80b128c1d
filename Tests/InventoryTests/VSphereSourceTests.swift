import Foundation
import Inventory
import InventoryVSphere
import NetworkTypes
import TapVocabulary
import TestSupport
import Testing

/// Against govmomi's vCenter simulator (vim25 SOAP at /sdk), compared with the
/// simulator's own registry.
@Suite(.serialized, .tags(.interop), .interopTier) struct VSphereSourceTests {
    @Test func hostsVMsTagsPortGroupsAndNICsComeOutAsTheSimulatorHasThem() async throws {
        let vcsim = try await VCSim(hosts: 3, vms: 4)
        defer { vcsim.stop() }
        let snapshot = try await VSphereSource(endpoint: vcsim.endpoint, username: "user", password: "pass").snapshot()
        let registry = vcsim.registry

        #expect(snapshot.hosts.map(\.name) == registry.hosts.map(\.name).sorted())
        #expect(snapshot.hosts.map(\.cluster) == registry.hosts.sorted { $0.name < $1.name }.map(\.cluster))
        #expect(registry.hosts.count == 3)
        #expect(registry.vms.count == 4)
        let expectedVMs = registry.vms.sorted { $0.name < $1.name }
        #expect(snapshot.virtualMachines.map(\.name) == expectedVMs.map(\.name))
        #expect(snapshot.virtualMachines.map(\.uuid) == expectedVMs.map { $0.uuid.lowercased() })
        #expect(snapshot.virtualMachines.map(\.host) == expectedVMs.map(\.host))
        #expect(snapshot.virtualMachines.map { $0.nics.map(\.mac.description) } == expectedVMs.map(\.macs))
        #expect(
            snapshot.virtualMachines.map { $0.nics.map(\.network) }
                == expectedVMs.map { $0.networks.map(Optional.some) }
        )
        #expect(snapshot.virtualMachines.map(\.tags) == expectedVMs.map(\.tags))
        #expect(snapshot.virtualMachines.allSatisfy { $0.state == .running })
        #expect(Set(snapshot.virtualMachines.map(\.host)).count > 1, "VMs spread over several hosts")
        #expect(snapshot.networks.map(\.name).sorted() == registry.networks.sorted())
        #expect(snapshot.networks.contains { $0.kind == .distributedPortGroup && $0.name == "DC0_DVPG0" })
        #expect(snapshot.networks.contains { $0.kind == .portGroup && $0.name == "VM Network" })
        let index = InventoryIndex(snapshot)
        #expect(index.conflicts.isEmpty, "distinct MACs")
        let pci = expectedVMs.filter { $0.tags.contains("pci") }
        #expect(pci.count == 1)
        #expect(index.macAddresses(matching: VMSelector("tag:pci")).map(\.description) == pci.flatMap(\.macs))
        #expect(index.virtualMachines(matching: VMSelector("tag:web")).count == 4)
    }

    @Test func aRelocationYieldsExactlyOneMoveAndTheLookupsFollow() async throws {
        let vcsim = try await VCSim(hosts: 3, vms: 4)
        defer { vcsim.stop() }
        let client = VSphereClient(endpoint: vcsim.endpoint, username: "user", password: "pass")
        let tracker = InventoryTracker(sources: [VSphereSource(client: client)])
        #expect(await tracker.refresh().filter { $0.kind == "added" }.count == 4)

        let vm = try #require(vcsim.registry.vms.first)
        let target = try #require(vcsim.registry.hosts.first { $0.id != vm.hostID })
        let mac = try #require(MACAddress(vm.macs[0]))
        #expect(await tracker.view.index.virtualMachine(withMAC: mac)?.host == vm.host)

        let answer = try await client.invoke(
            "<RelocateVM_Task><_this type=\"VirtualMachine\">\(vm.id)</_this>"
                + "<spec><host type=\"HostSystem\">\(target.id)</host></spec></RelocateVM_Task>"
        )
        let task = try #require(
            answer.split(separator: "<returnval type=\"Task\">").dropFirst().first?.prefix { $0 != "<" }
        )
        try await Self.waitForSuccess(task: String(task), client: client)

        var events = await tracker.refresh()
        events += await tracker.refresh()
        #expect(events.map(\.kind) == ["moved"])
        guard case .vmMoved(let moved, let from, let to) = events.first?.change else { return }
        #expect((moved.name, from, to) == (vm.name, vm.host, target.name))
        let index = await tracker.view.index
        #expect(index.virtualMachine(withMAC: mac)?.host == target.name)
        #expect(index.virtualMachines(matching: VMSelector(vm.name)).map(\.host) == [target.name])
    }

    @Test func aStoppedVCenterKeepsTheLastGoodViewAndSaysWhy() async throws {
        let vcsim = try await VCSim(hosts: 2, vms: 2)
        let source = VSphereSource(endpoint: vcsim.endpoint, username: "user", password: "pass")
        let tracker = InventoryTracker(sources: [source])
        await tracker.refresh()
        vcsim.stop()
        let events = await tracker.refresh()
        #expect(events.map(\.kind) == ["source-failed"])
        guard case .sourceFailed(let name, let reason) = events.first?.change else { return }
        #expect(name == "vsphere:" + vcsim.endpoint.absoluteString)
        #expect(reason.contains("cannot reach \(vcsim.endpoint.absoluteString)"), "\(reason)")
        #expect(await tracker.view.snapshot.virtualMachines.count == 2)
        #expect(await tracker.view.failingSources[name] == reason)
    }

    @Test func wrongCredentialsAreAClearError() async throws {
        let vcsim = try await VCSim(hosts: 1, vms: 1)
        defer { vcsim.stop() }
        let error = try await #require(throws: InventorySourceError.self) {
            try await VSphereSource(endpoint: vcsim.endpoint, username: "", password: "").snapshot()
        }
        #expect(error.reason == "SOAP fault: Login failure (InvalidLoginFault)")
    }

    /// Polls the task's `info.state` until `success` (fails on `error` or after 10 s).
    static func waitForSuccess(task: String, client: VSphereClient) async throws {
        try await Poll.until("RelocateVM_Task \(task) to succeed", timeout: 10, poll: 0.1) {
            let answer = try await client.invoke(
                "<RetrievePropertiesEx><_this type=\"PropertyCollector\">propertyCollector</_this><specSet>"
                    + "<propSet><type>Task</type><pathSet>info.state</pathSet></propSet>"
                    + "<objectSet><obj type=\"Task\">\(task)</obj></objectSet></specSet><options/></RetrievePropertiesEx>"
            )
            if answer.contains(">error<") { throw VCSimFailure(message: "RelocateVM_Task failed: \(answer)") }
            return answer.contains(">success<")
        }
    }
}
