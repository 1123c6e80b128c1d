/// A network VMs attach to: a libvirt network or bridge, a vSphere port group or
/// distributed port group, or a network named in a file.
public struct VirtualNetwork: Sendable, Hashable, Codable {
    /// What kind of attachment point this is.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A libvirt network (`network` in files).
        case libvirtNetwork = "network"
        /// A Linux bridge a NIC is attached to directly.
        case bridge
        /// A vSphere standard switch port group (`portgroup`).
        case portGroup = "portgroup"
        /// A vSphere distributed port group (`dvportgroup`).
        case distributedPortGroup = "dvportgroup"
        /// Anything else, or not known.
        case other
    }

    /// The network's name (what `VirtualNIC.network` refers to).
    public var name: String
    /// What kind of attachment point it is.
    public var kind: Kind
    /// The Linux bridge carrying the network, when known.
    public var bridge: String?
    /// The VLAN of the network, when it has one.
    public var vlan: UInt16?
    /// The host the network is defined on; `nil` for networks spanning hosts.
    public var host: String?

    /// A network named `name`; kind `.other` and no bridge, VLAN or host unless given.
    public init(name: String, kind: Kind = .other, bridge: String? = nil, vlan: UInt16? = nil, host: String? = nil) {
        self.name = name
        self.kind = kind
        self.bridge = bridge
        self.vlan = vlan
        self.host = host
    }
}
