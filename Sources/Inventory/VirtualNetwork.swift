/// A network VMs attach to: a libvirt network or bridge, a vSphere port group or
/// distributed port group, or a network named in a file.
public struct VirtualNetwork: Sendable, Hashable, Codable {
    /// What kind of attachment point this is.
    public enum Kind: String, Sendable, Hashable, Codable {
        case libvirtNetwork = "network"
        case bridge
        case portGroup = "portgroup"
        case distributedPortGroup = "dvportgroup"
        case other
    }

    /// The network's name (what `VirtualNIC.network` refers to).
    public var name: String
    public var kind: Kind
    /// The Linux bridge carrying the network, when known.
    public var bridge: String?
    /// The VLAN of the network, when it has one.
    public var vlan: UInt16?
    /// The host the network is defined on; `nil` for networks spanning hosts.
    public var host: String?

    public init(name: String, kind: Kind = .other, bridge: String? = nil, vlan: UInt16? = nil, host: String? = nil) {
        self.name = name
        self.kind = kind
        self.bridge = bridge
        self.vlan = vlan
        self.host = host
    }
}
