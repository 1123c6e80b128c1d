import Foundation
import Inventory
import TapVocabulary

/// Reads hosts, VMs, port groups and NICs through one container view over the root
/// folder and the PropertyCollector (`RetrievePropertiesEx`, then
/// `ContinueRetrievePropertiesEx` while a token comes back), and turns them into an
/// ``InventorySnapshot``.
///
/// - VMs: `name`, `config.uuid`, `runtime.host`, `runtime.powerState`,
///   `config.hardware.device` (every device with a `macAddress` is a NIC; its network
///   is the standard backing's network or the distributed port group of its port),
///   `guest.net` (IPs per MAC, when VMware Tools reports them).
/// - Hosts: `name`, `parent` (cluster name when the parent is a cluster).
/// - Networks: standard port groups (`Network`) and distributed port groups (with
///   the VLAN of `config.defaultPortConfig` when it is a single VLAN ID).
extension VSphereClient {
    static let pageSize = 500
    /// A server that keeps sending tokens is refused after this many pages.
    static let maximumPages = 10_000

    /// One consistent read of the estate.
    public func inventorySnapshot() async throws(InventorySourceError) -> InventorySnapshot {
        let content = try await serviceContent()
        let viewText = try await invoke(
            "<CreateContainerView>" + SOAPEnvelope.reference("_this", content.viewManager)
                + SOAPEnvelope.reference("container", content.rootFolder)
                + "<type>VirtualMachine</type><type>HostSystem</type><type>Network</type>"
                + "<type>ClusterComputeResource</type><recursive>true</recursive></CreateContainerView>"
        )
        guard let viewID = try response(viewText, "CreateContainerView")["returnval"].element?.text else {
            throw InventorySourceError(source: sourceName, reason: "CreateContainerView returned no view")
        }
        let view = ManagedObjectReference(type: "ContainerView", value: viewID)
        defer {
            Task {
                _ = try? await self.invoke("<DestroyView>" + SOAPEnvelope.reference("_this", view) + "</DestroyView>")
            }
        }

        var pages = [
            try VSphereInventoryPage(
                envelope: try await invoke(retrieveRequest(collector: content.propertyCollector, view: view)),
                source: sourceName
            )
        ]
        while let token = pages.last?.token {
            guard pages.count < Self.maximumPages else {
                throw InventorySourceError(source: sourceName, reason: "more than \(Self.maximumPages) result pages")
            }
            pages.append(
                try VSphereInventoryPage(
                    envelope: try await invoke(
                        "<ContinueRetrievePropertiesEx>" + SOAPEnvelope.reference("_this", content.propertyCollector)
                            + "<token>\(SOAPEnvelope.escape(token))</token></ContinueRetrievePropertiesEx>"
                    ),
                    operation: "ContinueRetrievePropertiesEx",
                    source: sourceName
                )
            )
        }
        return VSphereInventoryPage.snapshot(pages, tags: try await tagsByVirtualMachine())
    }

    private func retrieveRequest(collector: ManagedObjectReference, view: ManagedObjectReference) -> String {
        func properties(_ type: String, _ paths: [String]) -> String {
            "<propSet><type>\(type)</type>" + paths.map { "<pathSet>\($0)</pathSet>" }.joined() + "</propSet>"
        }
        return "<RetrievePropertiesEx>" + SOAPEnvelope.reference("_this", collector) + "<specSet>"
            + properties(
                "VirtualMachine",
                ["name", "config.uuid", "runtime.host", "runtime.powerState", "config.hardware.device", "guest.net"]
            )
            + properties("HostSystem", ["name", "parent"])
            + properties("Network", ["name"])
            + properties("DistributedVirtualPortgroup", ["name", "config.defaultPortConfig"])
            + properties("ClusterComputeResource", ["name"])
            + "<objectSet>" + SOAPEnvelope.reference("obj", view) + "<skip>true</skip>"
            + "<selectSet xsi:type=\"TraversalSpec\"><name>view</name><type>ContainerView</type>"
            + "<path>view</path><skip>false</skip></selectSet></objectSet></specSet>"
            + "<options><maxObjects>\(Self.pageSize)</maxObjects></options></RetrievePropertiesEx>"
    }
}
