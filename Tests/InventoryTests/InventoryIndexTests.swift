import Inventory
import NetworkTypes
import Testing

@Suite struct InventoryIndexTests {
    let index = InventoryIndex(InventoryFileParserTests.expected)

    @Test func macIPAndInterfaceLeadToTheirVM() throws {
        #expect(index.virtualMachine(withMAC: MACAddress("52:54:00:00:01:02")!)?.name == "web-1")
        #expect(index.nic(withMAC: MACAddress("52:54:00:00:01:02")!)?.nic.interfaceName == "vnet1")
        #expect(index.virtualMachine(withIP: IPAddress("2001:db8::10")!)?.name == "web-1")
        #expect(index.virtualMachine(withIP: IPAddress("198.18.0.20")!)?.name == "db-1")
        #expect(index.virtualMachine(onInterface: "vnet5")?.name == "db-1")
        #expect(index.virtualMachine(withMAC: MACAddress("52:54:00:99:99:99")!) == nil)
        #expect(index.virtualMachine(withIP: IPAddress("198.18.0.99")!) == nil)
        #expect(index.virtualMachine(onInterface: "vnet9") == nil)
        #expect(index.virtualMachine(key: "uuid:aaaaaaaa-0000-4000-8000-000000000002")?.name == "web-2")
        #expect(index.virtualMachine(key: "name:db-1")?.host == "host-b")
    }

    @Test func selectorsGiveMACAndIPSets() {
        #expect(index.macAddresses(matching: VMSelector("web-*")) == [
            MACAddress("52:54:00:00:01:01")!, MACAddress("52:54:00:00:01:02")!, MACAddress("52:54:00:00:02:01")!,
        ])
        #expect(index.ipAddresses(matching: VMSelector("tag:pci")) == [IPAddress("198.18.0.10")!, IPAddress("2001:db8::10")!])
        #expect(index.interfaceNames(matching: VMSelector("db-?")) == ["vnet5"])
        #expect(index.virtualMachines(matching: VMSelector("tag:web")).map(\.name) == ["web-1", "web-2"])
        #expect(index.virtualMachines(matching: VMSelector("*")).count == 3)
        #expect(index.virtualMachines(matching: VMSelector("web")).isEmpty)
    }

    @Test(arguments: [
        ("web-*", "web-1", true), ("web-*", "web-", true), ("web-*", "db-1", false), ("*-1", "web-1", true),
        ("w?b-1", "web-1", true), ("w?b-1", "wb-1", false), ("*a*b*c*", "xxaxxbxxc", true), ("*a*b*c*", "xxaxxcxxb", false),
        ("", "", true), ("", "x", false), ("**", "", true), ("web-1", "web-1", true), ("web-1", "web-12", false),
    ])
    func globsMatchLikeTheShell(pattern: String, name: String, matches: Bool) {
        #expect(GlobPattern(pattern).matches(name) == matches)
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
