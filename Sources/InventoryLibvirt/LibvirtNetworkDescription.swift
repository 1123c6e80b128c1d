import Inventory
import SWXMLHash

/// What a libvirt network's XML (`virNetworkGetXMLDesc`, `virsh net-dumpxml`) says:
/// its name, bridge and VLAN.
public struct LibvirtNetworkDescription: Sendable, Hashable {
    public var name: String
    public var bridge: String?
    public var vlan: UInt16?

    public init(xml: String) throws(InventorySourceError) {
        let document = try LibvirtXMLDocument(xml, root: "network")
        let network = document.root
        self.name = document.name
        self.bridge = network["bridge"].element?.attribute(by: "name")?.text
        self.vlan = network["vlan"]["tag"].all.first?.element?.attribute(by: "id").flatMap { UInt16($0.text) }
    }
}
