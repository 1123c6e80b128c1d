import NetFlow
import NetworkTypes

/// One side of a rolled-up conversation: a VM of the inventory (named by its
/// UUID, so a VM that migrated is the same VM before and after, with the host
/// and network it had at the flow's time) or an address outside it.
public enum FlowEndpoint: Hashable, Sendable, Codable {
    /// A VM of the inventory, as it was at the flow's time.
    case vm(FlowVMAttribution)
    /// An address no VM of the inventory owned at the flow's time.
    case address(IPAddress)

    /// The VM's UUID, or nil for an address.
    public var vmUUID: UInt128? {
        if case .vm(let vm) = self { return vm.uuid }
        return nil
    }
}

/// A VM as the inventory described it at a flow's time.
public struct FlowVMAttribution: Hashable, Sendable, Codable {
    /// The VM's UUID as a 128-bit number: the identity that survives migrations and renames.
    public var uuid: UInt128
    /// The VM's name at the flow's time.
    public var name: String
    /// The host the VM ran on (empty when unknown).
    public var host: String
    /// The NIC's network (empty when unknown).
    public var network: String

    /// A VM with `uuid` and `name`; host and network empty when unknown.
    public init(uuid: UInt128, name: String, host: String = "", network: String = "") {
        self.uuid = uuid
        self.name = name
        self.host = host
        self.network = network
    }
}

/// Names a flow's endpoints with the inventory at the flow's time.
public protocol FlowAttributor: Sendable {
    /// The VM owning `address` at `milliseconds` (since the epoch), if any.
    func vm(owning address: IPAddress, at milliseconds: Int64) -> FlowVMAttribution?
    /// The VM with `uuid` at `milliseconds`, if the inventory knows it.
    func vm(uuid: UInt128, at milliseconds: Int64) -> FlowVMAttribution?
}

extension FlowAttributor {
    /// Both endpoints of `flow`. The IPFIX VM fields our agents add
    /// (virtualStationUUID/Name) name the source when the inventory does not
    /// place that VM on the destination; addresses the inventory does not
    /// know stay addresses.
    public func endpoints(of flow: CollectedFlow) -> (source: FlowEndpoint, destination: FlowEndpoint) {
        let time = flow.startMilliseconds
        var source = vm(owning: flow.sourceAddress, at: time)
        let destination = vm(owning: flow.destinationAddress, at: time)
        if flow.vmUUID != 0, destination?.uuid != flow.vmUUID, source?.uuid != flow.vmUUID {
            source = vm(uuid: flow.vmUUID, at: time) ?? FlowVMAttribution(uuid: flow.vmUUID, name: flow.vmName ?? "")
        }
        return (
            source.map(FlowEndpoint.vm) ?? .address(flow.sourceAddress),
            destination.map(FlowEndpoint.vm) ?? .address(flow.destinationAddress)
        )
    }
}
