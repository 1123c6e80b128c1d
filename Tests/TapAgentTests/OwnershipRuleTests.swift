import Inventory
import NetworkTypes
import TapVocabulary
import Testing

@testable import TapAgent

/// The no-duplicates rule over an inventory, exhaustively: every frame between any two endpoints
/// (tapped or not, same host or not, VMs with several NICs, an outside machine), unicast and
/// broadcast/multicast, is copied by exactly one agent when a tapped NIC sends or receives it, and
/// by none otherwise.
@Suite struct OwnershipRuleTests {
    static func mac(_ last: UInt8) -> MACAddress { MACAddress(0x52, 0x54, 0, 0, 0, last) }

    /// host-a: web-1 (two NICs on prod), web-2, cache-1 (untapped); host-b: db-1 (prod + backup), web-3.
    static let estate = InventoryIndex(
        InventorySnapshot(
            hosts: [HypervisorHost(name: "host-a"), HypervisorHost(name: "host-b")],
            virtualMachines: [
                VirtualMachine(
                    name: "web-1",
                    host: "host-a",
                    nics: [
                        VirtualNIC(mac: mac(1), interfaceName: "vnet0", network: "prod"),
                        VirtualNIC(mac: mac(2), interfaceName: "vnet1", network: "prod"),
                    ]
                ),
                VirtualMachine(
                    name: "web-2",
                    host: "host-a",
                    nics: [VirtualNIC(mac: mac(3), interfaceName: "vnet2", network: "prod")]
                ),
                VirtualMachine(
                    name: "cache-1",
                    host: "host-a",
                    nics: [VirtualNIC(mac: mac(4), interfaceName: "vnet3", network: "prod")]
                ),
                VirtualMachine(
                    name: "db-1",
                    host: "host-b",
                    nics: [
                        VirtualNIC(mac: mac(5), interfaceName: "vnet0", network: "prod"),
                        VirtualNIC(mac: mac(6), interfaceName: "vnet1", network: "backup"),
                    ]
                ),
                VirtualMachine(
                    name: "web-3",
                    host: "host-b",
                    nics: [VirtualNIC(mac: mac(7), interfaceName: "vnet2", network: "backup")]
                ),
            ]
        )
    )
    static let selectors = [VMSelector("web-*"), VMSelector("db-*")]
    static let outside = mac(0x99)

    struct Port {
        var host: String
        var interface: String
        var mac: MACAddress
        var network: String
    }

    static var ports: [Port] {
        estate.virtualMachines.flatMap { vm in
            vm.nics.map { Port(host: vm.host!, interface: $0.interfaceName!, mac: $0.mac, network: $0.network!) }
        }
    }

    /// Copies all agents make of one frame from `source` delivered to `receivers`.
    static func copies(source: MACAddress, destination: MACAddress, receivers: [Port]) -> Int {
        var total = 0
        for host in ["host-a", "host-b"] {
            let rule = OwnershipRule(inventory: estate, selectors: selectors, localHost: host)
            for tapped in rule.localInterfaces {
                if tapped.mac == source,
                    rule.owns(
                        direction: .transmitted,
                        source: source,
                        destination: destination,
                        interface: tapped,
                        isFirstInterface: false,
                        learned: []
                    )
                {
                    total += 1
                }
                if receivers.contains(where: { $0.host == host && $0.interface == tapped.name }),
                    rule.owns(
                        direction: .received,
                        source: source,
                        destination: destination,
                        interface: tapped,
                        isFirstInterface: false,
                        learned: []
                    )
                {
                    total += 1
                }
            }
        }
        return total
    }

    static func isTapped(_ mac: MACAddress) -> Bool {
        estate.virtualMachine(withMAC: mac).map { vm in selectors.contains { $0.matches(vm) } } ?? false
    }

    @Test func eachHostCapturesOnlyItsTappedNICs() {
        let a = OwnershipRule(inventory: Self.estate, selectors: Self.selectors, localHost: "host-a")
        let b = OwnershipRule(inventory: Self.estate, selectors: Self.selectors, localHost: "host-b")
        #expect(a.localInterfaces.map(\.name) == ["vnet0", "vnet1", "vnet2"])
        #expect(b.localInterfaces.map(\.name) == ["vnet0", "vnet1", "vnet2"])
        #expect(a.localInterfaces.map(\.virtualMachine) == ["web-1", "web-1", "web-2"])
        #expect(!a.tappedMACs.contains(Self.mac(4)))
    }

    @Test func aUnicastFrameIsCopiedOnceWhenATappedNICSendsOrReceivesIt() {
        let senders = Self.ports.map(\.mac) + [Self.outside]
        for source in senders {
            for receiver in Self.ports where receiver.mac != source {
                let expected = Self.isTapped(source) || Self.isTapped(receiver.mac) ? 1 : 0
                // Flooded unicast (unknown destination) reaches every port of the network: still one copy.
                let flooded = Self.ports.filter { $0.network == receiver.network && $0.mac != source }
                for delivered in [[receiver], flooded] {
                    let copies = Self.copies(source: source, destination: receiver.mac, receivers: delivered)
                    #expect(
                        copies == expected,
                        "\(source) -> \(receiver.mac) delivered to \(delivered.map(\.interface)): \(copies) copies"
                    )
                }
            }
        }
    }

    @Test func aBroadcastOrMulticastFrameIsCopiedOnce() {
        for group in [
            MACAddress.broadcast, MACAddress(0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB), MACAddress(0x33, 0x33, 0, 0, 0, 1),
        ] {
            for network in ["prod", "backup"] {
                let members = Self.ports.filter { $0.network == network }
                for source in members.map(\.mac) + [Self.outside] {
                    let receivers = members.filter { $0.mac != source }
                    let anyTapped = Self.isTapped(source) || receivers.contains { Self.isTapped($0.mac) }
                    let copies = Self.copies(source: source, destination: group, receivers: receivers)
                    #expect(copies == (anyTapped ? 1 : 0), "\(source) -> \(group) on \(network): \(copies) copies")
                }
            }
        }
    }

    @Test func aVMMovingToAnotherHostMovesItsInterfaceButNotTheRule() {
        var snapshot = Self.estate.snapshot
        let index = snapshot.virtualMachines.firstIndex { $0.name == "web-2" }!
        snapshot.virtualMachines[index].host = "host-b"
        snapshot.virtualMachines[index].nics[0].interfaceName = "vnet9"  // the new host names its own vnet
        let moved = InventoryIndex(snapshot)
        let a = OwnershipRule(inventory: moved, selectors: Self.selectors, localHost: "host-a")
        let b = OwnershipRule(inventory: moved, selectors: Self.selectors, localHost: "host-b")
        #expect(!a.localInterfaces.contains { $0.virtualMachine == "web-2" })
        #expect(b.localInterfaces.contains { $0.virtualMachine == "web-2" })
        #expect(a.tappedMACs == b.tappedMACs)
        #expect(a.groupRepresentatives == b.groupRepresentatives)
    }

    @Test func withoutAnInventorySendersLearnedOnThisHostAreNotCopiedAgainOnReceipt() {
        let rule = OwnershipRule(interfaces: ["tap1", "tap0"])
        #expect(rule.localInterfaces.map(\.name) == ["tap0", "tap1"])
        let tap1 = rule.localInterfaces[1]
        #expect(
            rule.owns(
                direction: .received,
                source: Self.mac(1),
                destination: Self.mac(2),
                interface: tap1,
                isFirstInterface: false,
                learned: []
            )
        )
        #expect(
            !rule.owns(
                direction: .received,
                source: Self.mac(1),
                destination: Self.mac(2),
                interface: tap1,
                isFirstInterface: false,
                learned: [Self.mac(1)]
            )
        )
        #expect(
            !rule.owns(
                direction: .received,
                source: Self.outside,
                destination: .broadcast,
                interface: tap1,
                isFirstInterface: false,
                learned: []
            )
        )
        #expect(
            rule.owns(
                direction: .received,
                source: Self.outside,
                destination: .broadcast,
                interface: rule.localInterfaces[0],
                isFirstInterface: true,
                learned: []
            )
        )
    }
}
