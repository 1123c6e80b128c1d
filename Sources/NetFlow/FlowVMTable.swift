import NetworkTypes
import TapVocabulary

/// A `FlowVMResolver` over a list of VMs (an inventory snapshot's, a test's):
/// every NIC's addresses and MAC, and the interface indexes the caller assigns
/// to NICs (the ifindex of a tap device on the exporting host). When two VMs
/// claim one key, the first in the list keeps it.
public struct FlowVMTable: FlowVMResolver {
    /// The VMs, in the order given (the earlier one keeps a shared key).
    public let virtualMachines: [VirtualMachine]
    private var byAddress: [IPAddress: Int] = [:]
    private var byMAC: [MACAddress: Int] = [:]
    private var byInterface: [UInt32: Int] = [:]

    /// - Parameter interfaceIndex: the interface index flows of this NIC carry,
    ///   or nil (the NIC is not on the exporting host). By default none.
    public init(
        _ virtualMachines: [VirtualMachine],
        interfaceIndex: (VirtualMachine, VirtualNIC) -> UInt32? = { _, _ in nil }
    ) {
        self.virtualMachines = virtualMachines
        for (position, vm) in virtualMachines.enumerated() {
            for nic in vm.nics {
                if byMAC[nic.mac] == nil { byMAC[nic.mac] = position }
                for address in nic.ips where byAddress[address] == nil { byAddress[address] = position }
                if let index = interfaceIndex(vm, nic), index != 0, byInterface[index] == nil {
                    byInterface[index] = position
                }
            }
        }
    }

    /// The VM of the NIC given interface index `index` at creation; `nil` for none (and for 0).
    public func vm(forInterfaceIndex index: UInt32) -> VirtualMachine? {
        byInterface[index].map { virtualMachines[$0] }
    }
    /// The first VM with a NIC having `address`; `nil` for none.
    public func vm(forAddress address: IPAddress) -> VirtualMachine? { byAddress[address].map { virtualMachines[$0] } }
    /// The first VM with a NIC having `mac`; `nil` for none.
    public func vm(forMAC mac: MACAddress) -> VirtualMachine? { byMAC[mac].map { virtualMachines[$0] } }
}
