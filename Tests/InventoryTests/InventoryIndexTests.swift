import Inventory
import NetworkTypes
import TapVocabulary
import Testing

@Suite struct InventoryIndexTests {
    let index = InventoryIndex(InventoryFileParserTests.expected)

    @Test func macIPAndInterfaceLeadToTheirVM() throws {
        #expect(index.virtualMachine(withMAC: MACAddress("52:54:00:00:01:02")!)?.name == "web-1")
        #expect(index.nic(withMAC: MACAddress("52:54:00:00:01:02")!)?.nic.interfaceName == "vnet1")
        #expect(index.virtualMachine(withIP: IPAddress("2001:db8::10")!)?.name == "web-1")
        #expect(index.virtualMachine(withIP: IPAddress("198.18.0.20")!)?.name == "db-1")
        #expect(index.virtualMachine(onInterface: "vnet5", host: "host-b")?.name == "db-1")
        #expect(index.virtualMachine(onInterface: "vnet5", host: "host-a") == nil)
        #expect(index.virtualMachine(withMAC: MACAddress("52:54:00:99:99:99")!) == nil)
        #expect(index.virtualMachine(withIP: IPAddress("198.18.0.99")!) == nil)
        #expect(index.virtualMachine(onInterface: "vnet9", host: "host-b") == nil)
        #expect(index.virtualMachine(key: "uuid:aaaaaaaa-0000-4000-8000-000000000002")?.name == "web-2")
        #expect(index.virtualMachine(key: "name:db-1")?.host == "host-b")
    }

    @Test func selectorsGiveMACAndIPSets() {
        #expect(
            index.macAddresses(matching: VMSelector("web-*")) == [
                MACAddress("52:54:00:00:01:01")!, MACAddress("52:54:00:00:01:02")!, MACAddress("52:54:00:00:02:01")!,
            ]
        )
        #expect(
            index.ipAddresses(matching: VMSelector("tag:pci")) == [
                IPAddress("198.18.0.10")!, IPAddress("2001:db8::10")!,
            ]
        )
        #expect(index.interfaces(matching: VMSelector("db-?")) == [HostInterface("vnet5", on: "host-b")])
        #expect(index.virtualMachines(matching: VMSelector("tag:web")).map(\.name) == ["web-1", "web-2"])
        #expect(index.virtualMachines(matching: VMSelector("*")).count == 3)
        #expect(index.virtualMachines(matching: VMSelector("web")).isEmpty)
    }

    @Test(arguments: [
        ("web-*", "web-1", true), ("web-*", "web-", true), ("web-*", "db-1", false), ("*-1", "web-1", true),
        ("w?b-1", "web-1", true), ("w?b-1", "wb-1", false), ("*a*b*c*", "xxaxxbxxc", true),
        ("*a*b*c*", "xxaxxcxxb", false),
        ("", "", true), ("", "x", false), ("**", "", true), ("web-1", "web-1", true), ("web-1", "web-12", false),
    ])
    func globsMatchLikeTheShell(pattern: String, name: String, matches: Bool) {
        #expect(GlobPattern(pattern).matches(name) == matches)
    }

    @Test func vnet0OnTwoHostsResolvesToEachHostsVMWithoutAConflict() {
        // The estate: web-1 has vnet0 on host-a, web-2 has vnet0 on host-b (every libvirt host has a vnet0).
        #expect(index.nic(onInterface: "vnet0", host: "host-a")?.vm.name == "web-1")
        #expect(index.nic(onInterface: "vnet0", host: "host-a")?.nic.mac == MACAddress("52:54:00:00:01:01"))
        #expect(index.nic(onInterface: "vnet0", host: "host-b")?.vm.name == "web-2")
        #expect(index.nic(onInterface: "vnet0", host: "host-b")?.nic.mac == MACAddress("52:54:00:00:02:01"))
        #expect(index.nic(onInterface: "vnet0", host: "host-c") == nil)
        #expect(index.nic(onInterface: "vnet0", host: nil) == nil)
        #expect(
            index.interfaces(matching: VMSelector("web-*")) == [
                HostInterface("vnet0", on: "host-a"), HostInterface("vnet1", on: "host-a"),
                HostInterface("vnet0", on: "host-b"),
            ]
        )
        #expect(index.conflicts.isEmpty, "\(index.conflicts)")
    }

    @Test func twoNICsClaimingOneInterfaceOnOneHostStayAConflict() {
        let snapshot = InventorySnapshot(virtualMachines: [
            VirtualMachine(
                name: "b",
                host: "h1",
                nics: [VirtualNIC(mac: MACAddress("00:50:56:00:00:02")!, interfaceName: "vnet0")]
            ),
            VirtualMachine(
                name: "a",
                host: "h1",
                nics: [VirtualNIC(mac: MACAddress("00:50:56:00:00:01")!, interfaceName: "vnet0")]
            ),
            VirtualMachine(
                name: "c",
                host: "h2",
                nics: [VirtualNIC(mac: MACAddress("00:50:56:00:00:03")!, interfaceName: "vnet0")]
            ),
        ])
        let index = InventoryIndex(snapshot)
        #expect(
            index.conflicts == [
                InventoryConflict(
                    kind: .duplicateInterface,
                    subject: "vnet0@h1",
                    claims: ["a@h1", "b@h1"],
                    kept: "a@h1"
                )
            ]
        )
        #expect(index.virtualMachine(onInterface: "vnet0", host: "h1")?.name == "a")
        #expect(index.virtualMachine(onInterface: "vnet0", host: "h2")?.name == "c")
    }

    @Test func duplicateMACsAndIPsAreReportedAndTheFirstVMKeepsThem() {
        let mac = MACAddress("00:50:56:00:00:01")!
        let snapshot = InventorySnapshot(virtualMachines: [
            VirtualMachine(name: "b", host: "h2", nics: [VirtualNIC(mac: mac, ips: [IPAddress("198.18.0.1")!])]),
            VirtualMachine(name: "a", host: "h1", nics: [VirtualNIC(mac: mac, ips: [IPAddress("198.18.0.1")!])]),
        ])
        let index = InventoryIndex(snapshot)
        #expect(index.virtualMachine(withMAC: mac)?.name == "a")
        #expect(index.conflicts.map(\.kind) == [.duplicateIP, .duplicateMAC])
        #expect(index.conflicts.allSatisfy { $0.claims == ["a@h1", "b@h2"] && $0.kept == "a@h1" })
    }
}
