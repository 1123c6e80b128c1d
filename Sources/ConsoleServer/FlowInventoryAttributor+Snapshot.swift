import ConsoleFlows
import Inventory
import TapVocabulary

extension FlowInventoryAttributor {
    /// The VMs of `snapshot` by NIC address, from `since` (ms) on. A VM without a UUID is named
    /// by a stable 128-bit hash of its name (FNV-1a), so its rows stay together.
    public init(snapshot: InventorySnapshot, since: Int64 = .min) {
        self.init()
        for vm in snapshot.virtualMachines {
            let uuid = vm.uuidBits ?? Self.nameBits(vm.name)
            for nic in vm.nics {
                let attribution = FlowVMAttribution(
                    uuid: uuid,
                    name: vm.name,
                    host: vm.host ?? "",
                    network: nic.network ?? ""
                )
                for address in nic.ips { add(address, to: attribution, since: since) }
            }
        }
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
