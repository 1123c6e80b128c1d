import NetworkTypes

/// One host interface the agent captures on, and what the inventory says is behind it.
public struct TappedInterface: Hashable, Sendable {
    /// The host-side interface name (`vnet3`).
    public var name: String
    /// The VM's name, when the inventory knows it.
    public var virtualMachine: String?
    /// The MAC address of the VM's NIC behind this interface, when known.
    public var mac: MACAddress?
    /// The network / bridge the NIC is attached to, when known (used to pick one copy of group frames).
    public var network: String?

    /// An interface named `name`; what is behind it is unknown unless given.
    public init(name: String, virtualMachine: String? = nil, mac: MACAddress? = nil, network: String? = nil) {
        self.name = name
        self.virtualMachine = virtualMachine
        self.mac = mac
        self.network = network
    }
}
