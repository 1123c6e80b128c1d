import ConsoleFlows
import Inventory
import TapVocabulary

extension FlowInventoryAttributor {
    /// The VMs of `snapshot` by NIC address, from `since` (ms) on.
    public init(snapshot: InventorySnapshot, since: Int64 = .min) {
        self.init()
        follow(snapshot, since: since)
    }

    /// Moves to `snapshot` from `since` (ms) on, keeping what earlier snapshots said of
    /// earlier times (`follow(_:since:)` over the snapshot's NIC addresses).
    public mutating func follow(_ snapshot: InventorySnapshot, since: Int64) {
        follow(Self.nicAddresses(of: snapshot), since: since)
    }

    /// Every NIC address of `snapshot` with its VM, host and network. A VM without a UUID is
    /// named by a stable 128-bit hash of its name (FNV-1a), so its rows stay together.
    static func nicAddresses(of snapshot: InventorySnapshot) -> [NICAddress] {
        var out: [NICAddress] = []
        for vm in snapshot.virtualMachines {
            let uuid = vm.uuidBits ?? Self.nameBits(vm.name)
            for nic in vm.nics {
                let attribution = FlowVMAttribution(
                    uuid: uuid,
                    name: vm.name,
                    host: vm.host ?? "",
                    network: nic.network ?? ""
                )
                for address in nic.ips { out.append(NICAddress(address: address, vm: attribution)) }
            }
        }
        return out
    }

    /// FNV-1a over the name's bytes, 128 bits.
    static func nameBits(_ name: String) -> UInt128 {
        var hash: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
        for byte in name.utf8 {
            hash ^= UInt128(byte)
            hash = hash &* 0x0000_0000_0100_0000_0000_0000_0000_013B
        }
        return hash
    }
}
