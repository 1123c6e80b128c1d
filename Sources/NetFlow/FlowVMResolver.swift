import NetworkTypes
import TapVocabulary

/// Maps what a flow carries (ingress interface index, MAC, IP address) to the
/// VM it belongs to: what travels in IPFIX as `virtualStationName` (IANA IE 350)
/// and `virtualStationUUID` (IE 349), and what the collector prints per-VM rows for.
/// `FlowVMTable` implements it over an inventory's VMs.
public protocol FlowVMResolver: Sendable {
    /// The VM of the NIC with exporter interface index `index`; `nil` when none is known.
    func vm(forInterfaceIndex index: UInt32) -> VirtualMachine?
    /// The VM one of whose NICs has `address`; `nil` when none is known.
    func vm(forAddress address: IPAddress) -> VirtualMachine?
    /// The VM one of whose NICs has `mac`; `nil` when none is known.
    func vm(forMAC mac: MACAddress) -> VirtualMachine?
}

extension FlowVMResolver {
    /// The VM a flow belongs to: by interface first, then source address,
    /// then destination address.
    public func vm(forFlow source: IPAddress, destination: IPAddress, interfaceIndex: UInt32) -> VirtualMachine? {
        if interfaceIndex != 0, let vm = vm(forInterfaceIndex: interfaceIndex) { return vm }
        return vm(forAddress: source) ?? vm(forAddress: destination)
    }
}
