/// A vSphere managed object reference: a type and an id (`HostSystem` `host-23`).
public struct ManagedObjectReference: Sendable, Hashable, CustomStringConvertible {
    /// The managed object type, such as `HostSystem`, `VirtualMachine` or `Network`.
    public var type: String
    /// The object's id within its vCenter or ESXi host (`host-23`, `vm-1041`); unique per type, not across servers.
    public var value: String

    /// A reference to the object of `type` with id `value`; nothing is checked against a server.
    public init(type: String, value: String) {
        self.type = type
        self.value = value
    }

    /// `type:value`, for example `HostSystem:host-23`.
    public var description: String { "\(type):\(value)" }
}
