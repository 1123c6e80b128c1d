import Foundation
import Inventory
import NetworkTypes
import SWXMLHash
import TapVocabulary

/// What a libvirt domain's XML (`virDomainGetXMLDesc`, `virsh dumpxml`) says about
/// the VM: name, UUID, tags and interfaces. Parsed with SWXMLHash.
///
/// - An interface's `network` is its `<source network=…>` or, for bridge
///   attachments, `<source bridge=…>` (as `virsh domiflist` shows it).
/// - The VLAN is the first `<vlan><tag id=…>`.
/// - Tags come from a `<metadata>` child element whose name ends in `tags` (any
///   namespace), comma-separated: `<vt:tags xmlns:vt="urn:virtualtap">web,pci</vt:tags>`.
/// - Interfaces without a valid `<mac address>` are skipped (libvirt always writes one).
public struct LibvirtDomainDescription: Sendable, Hashable {
    /// The domain's `<name>`, never empty.
    public var name: String
    /// The domain's `<uuid>` in lower case; `nil` when the XML has none.
    public var uuid: String?
    /// The tags from the `<metadata>` element whose name ends in `tags`, split at commas and trimmed; empty entries
    /// dropped.
    public var tags: [String]
    /// One NIC per `<interface>` with a valid MAC, in the XML's order, with its target device, network (or bridge) and
    /// first VLAN tag; addresses are not in the XML and stay empty.
    public var nics: [VirtualNIC]

    /// Parses a domain's XML.
    ///
    /// - Throws: `InventorySourceError` when the XML fails the untrusted-XML check (a document type or entity
    ///   declaration, or a processing instruction), is malformed (with its line and column), or has no `<name>`.
    public init(xml: String) throws(InventorySourceError) {
        let document = try LibvirtXMLDocument(xml, root: "domain")
        let domain = document.root
        self.name = document.name
        self.uuid = domain["uuid"].element?.text.lowercased()
        self.tags = domain["metadata"].children.compactMap(\.element)
            .filter { $0.name.lowercased().hasSuffix("tags") }
            .flatMap { $0.text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
        self.nics = domain["devices"]["interface"].all.compactMap { interface -> VirtualNIC? in
            guard let macText = interface["mac"].element?.attribute(by: "address")?.text,
                let mac = MACAddress(macText)
            else { return nil }
            let source = interface["source"].element
            let network =
                source?.attribute(by: "network")?.text ?? source?.attribute(by: "bridge")?.text
                ?? source?.attribute(by: "dev")?.text
            let vlan = interface["vlan"]["tag"].all.first?.element?.attribute(by: "id").flatMap { UInt16($0.text) }
            return VirtualNIC(
                mac: mac,
                interfaceName: interface["target"].element?.attribute(by: "dev")?.text,
                network: network,
                vlan: vlan
            )
        }
    }
}
