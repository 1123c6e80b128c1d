import NetworkTypes

/// One virtual network interface card of a VM.
public struct VirtualNIC: Sendable, Hashable, Codable {
    /// The NIC's MAC address (the key for frame-to-VM attribution).
    public var mac: MACAddress
    /// Addresses known for the NIC (guest agent, DHCP lease, or declared in a file).
    public var ips: [IPAddress]
    /// The host-side interface (tap/vnet device such as `vnet3`), when known.
    public var interfaceName: String?
    /// The network, bridge or port group the NIC is attached to.
    public var network: String?
    /// The access VLAN, when the attachment has one.
    public var vlan: UInt16?

    /// A NIC with MAC `mac`; everything else unknown unless given.
    public init(
        mac: MACAddress,
        ips: [IPAddress] = [],
        interfaceName: String? = nil,
        network: String? = nil,
        vlan: UInt16? = nil
    ) {
        self.mac = mac
        self.ips = ips
        self.interfaceName = interfaceName
        self.network = network
        self.vlan = vlan
    }
}
