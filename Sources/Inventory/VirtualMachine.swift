/// A virtual machine: identity, placement, tags and NICs.
public struct VirtualMachine: Sendable, Hashable, Codable {
    /// The VM's name (unique per source in practice, not guaranteed across sources).
    public var name: String
    /// The hypervisor's UUID for the VM, lower case; `nil` when the source has none.
    public var uuid: String?
    /// The power state.
    public var state: VMPowerState
    /// The name of the host the VM runs (or is registered) on.
    public var host: String?
    /// Free-form tags (labels, vSphere tags, `tags:` in a file), used by policies.
    public var tags: [String]
    /// The VM's NICs in hypervisor order.
    public var nics: [VirtualNIC]

    public init(
        name: String, uuid: String? = nil, state: VMPowerState = .unknown, host: String? = nil,
        tags: [String] = [], nics: [VirtualNIC] = []
    ) {
        self.name = name
        self.uuid = uuid?.lowercased()
        self.state = state
        self.host = host
        self.tags = tags
        self.nics = nics
    }

    /// The identity used to follow a VM across snapshots, sources and hosts:
    /// its UUID when known, otherwise its name.
    public var key: String { uuid.map { "uuid:" + $0 } ?? "name:" + name }
}
