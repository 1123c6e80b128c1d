/// A host-side interface of a VM NIC (`vnet3`), named together with its host:
/// interface names are unique per host only (every libvirt host has a `vnet0`).
public struct HostInterface: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The host the interface is on; `nil` when the inventory does not place the VM.
    public var host: String?
    /// The interface name on that host.
    public var name: String

    /// The interface `name` on `host` (`nil`: a VM the inventory does not place).
    public init(_ name: String, on host: String?) {
        self.name = name
        self.host = host
    }

    /// `name@host` (`name@?` for an unplaced VM).
    public var description: String { name + "@" + (host ?? "?") }
}
