import Inventory
import SWXMLHash

/// What a libvirt network's XML (`virNetworkGetXMLDesc`, `virsh net-dumpxml`) says:
/// its name, bridge and VLAN.
public struct LibvirtNetworkDescription: Sendable, Hashable {
    public var name: String
    public var bridge: String?
    public var vlan: UInt16?

    public init(xml: String) throws(InventorySourceError) {
        if let refusal = UntrustedXMLCheck.refusal(xml) {
            throw InventorySourceError(source: "libvirt", reason: "network XML refused: " + refusal)
        }
        let document = XMLHash.config { $0.detectParsingErrors = true }.parse(xml)
        if case .parsingError(let error) = document {
            throw InventorySourceError(
                source: "libvirt", reason: "network XML is malformed at line \(error.line), column \(error.column)")
        }
        let network = document["network"]
        guard let name = network["name"].element?.text, !name.isEmpty else {
            throw InventorySourceError(source: "libvirt", reason: "network XML has no <name>")
        }
        self.name = name
        self.bridge = network["bridge"].element?.attribute(by: "name")?.text
        self.vlan = network["vlan"]["tag"].all.first?.element?.attribute(by: "id").flatMap { UInt16($0.text) }
    }
}
