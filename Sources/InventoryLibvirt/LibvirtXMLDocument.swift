import Inventory
import SWXMLHash

/// Parses a libvirt XML description (domain or network) after the
/// ``UntrustedXMLCheck``, and hands out its root element and `<name>`.
struct LibvirtXMLDocument {
    /// The root element (`<domain>`, `<network>`).
    let root: XMLIndexer
    /// The text of the root's `<name>`, never empty.
    let name: String

    init(_ xml: String, root rootName: String) throws(InventorySourceError) {
        if let refusal = UntrustedXMLCheck.refusal(xml) {
            throw InventorySourceError(source: "libvirt", reason: "\(rootName) XML refused: " + refusal)
        }
        let document = XMLHash.config { $0.detectParsingErrors = true }.parse(xml)
        if case .parsingError(let error) = document {
            throw InventorySourceError(
                source: "libvirt",
                reason: "\(rootName) XML is malformed at line \(error.line), column \(error.column)"
            )
        }
        root = document[rootName]
        guard let name = root["name"].element?.text, !name.isEmpty else {
            throw InventorySourceError(source: "libvirt", reason: "\(rootName) XML has no <name>")
        }
        self.name = name
    }
}
