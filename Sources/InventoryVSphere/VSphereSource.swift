import Foundation
import Inventory

/// The hosts, VMs (with `runtime.host`), port groups and NICs of a vCenter or ESXi
/// host, read over the vim25 SOAP API with a session login (see ``VSphereClient``).
/// vSphere has no cheap change events over this API, so changes (vMotion among
/// them) come from diffing snapshots in ``InventoryTracker``.
public struct VSphereSource: InventorySource {
    public let client: VSphereClient

    public init(client: VSphereClient) {
        self.client = client
    }

    /// - Parameter endpoint: `http(s)://[user:pass@]host[:port]/sdk`.
    public init(endpoint: URL, username: String? = nil, password: String? = nil) {
        self.client = VSphereClient(endpoint: endpoint, username: username, password: password)
    }

    public var name: String { "vsphere:" + client.endpoint.absoluteString }

    public func snapshot() async throws -> InventorySnapshot {
        try await client.inventorySnapshot()
    }
}
