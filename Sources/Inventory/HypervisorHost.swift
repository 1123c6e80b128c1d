/// A hypervisor host (a libvirt node, an ESXi host, or a host named in a file).
public struct HypervisorHost: Sendable, Hashable, Codable {
    /// The host's name; VMs refer to it through `VirtualMachine.host`.
    public var name: String
    /// The cluster or datacenter the host belongs to, when the source knows it.
    public var cluster: String?

    /// A host named `name`, in `cluster` when known.
    public init(name: String, cluster: String? = nil) {
        self.name = name
        self.cluster = cluster
    }
}
