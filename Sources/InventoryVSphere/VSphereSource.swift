import Foundation
import Inventory

/// The hosts, VMs (with `runtime.host`), port groups and NICs of a vCenter or ESXi
/// host, read over the vim25 SOAP API with a session login (see ``VSphereClient``).
/// vSphere has no cheap change events over this API, so changes (vMotion among
/// them) come from diffing snapshots in ``InventoryTracker``.
public struct VSphereSource: InventorySource {
    /// The SOAP client every snapshot is read through; it keeps the session cookie between snapshots.
    public let client: VSphereClient

    /// A source reading through `client`, which may already be logged in.
    public init(client: VSphereClient) {
        self.client = client
    }

    /// - Parameter endpoint: `http(s)://[user:pass@]host[:port]/sdk`.
    public init(endpoint: URL, username: String? = nil, password: String? = nil) {
        self.client = VSphereClient(endpoint: endpoint, username: username, password: password)
    }

    /// `vsphere:` followed by the endpoint URL, the name the tracker and `tapctl inventory` report the source by.
    public var name: String { "vsphere:" + client.endpoint.absoluteString }

    /// Logs in if needed and reads the hosts, VMs, port groups and NICs as one snapshot.
    ///
    /// - Throws: `InventorySourceError` when the endpoint cannot be reached, the login is refused, or the
    ///   server answers with a SOAP fault or an unreadable reply.
    public func snapshot() async throws -> InventorySnapshot {
        try await client.inventorySnapshot()
    }
}
