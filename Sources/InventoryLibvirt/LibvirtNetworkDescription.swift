import Inventory
import SWXMLHash

/// What a libvirt network's XML (`virNetworkGetXMLDesc`, `virsh net-dumpxml`) says:
/// its name, bridge and VLAN.
public struct LibvirtNetworkDescription: Sendable, Hashable {
    /// The network's `<name>`, never empty.
    public var name: String
    /// The Linux bridge of the network (`<bridge name=…>`); `nil` when the XML names none.
    public var bridge: String?
    /// The first `<vlan><tag id=…>`; `nil` when there is none or it is not a number up to 65535.
    public var vlan: UInt16?

    /// Parses a network's XML.
    ///
    /// - Throws: `InventorySourceError` when the XML fails the untrusted-XML check, is malformed, or has no `<name>`.
    public init(xml: String) throws(InventorySourceError) {
        let document = try LibvirtXMLDocument(xml, root: "network")
        let network = document.root
        self.name = document.name
        self.bridge = network["bridge"].element?.attribute(by: "name")?.text
        self.vlan = network["vlan"]["tag"].all.first?.element?.attribute(by: "id").flatMap { UInt16($0.text) }
    }
}
