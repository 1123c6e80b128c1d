import Inventory
import SWXMLHash

/// One page of a PropertyCollector answer (`RetrievePropertiesExResponse` or
/// `ContinueRetrievePropertiesExResponse`): the objects it carries and the token
/// for the next page. Decoding never traps on any input; bad input throws.
public struct VSphereInventoryPage: Sendable {
    /// The objects, with the properties the inventory reads.
    var objects: [VSphereObject]
    /// Present when more pages follow.
    public var token: String?

    /// Decodes a whole SOAP envelope answering `operation`.
    public init(
        envelope: String,
        operation: String = "RetrievePropertiesEx",
        source: String = "vsphere"
    )
        throws(InventorySourceError)
    {
        let returnval = try Self.responseElement(envelope, operation, source: source)["returnval"]
        objects = returnval["objects"].all.compactMap(VSphereObject.init)
        token = returnval["token"].element?.text
        if token?.isEmpty == true { token = nil }
    }

    /// The snapshot built from these pages together (references between objects,
    /// such as VM → host, may cross pages), with tag names by VM managed object id.
    public static func snapshot(_ pages: [VSphereInventoryPage], tags: [String: [String]] = [:]) -> InventorySnapshot {
        VSphereObject.snapshot(pages.flatMap(\.objects), tags: tags)
    }

    /// Parses an envelope and returns the `<operation>Response` element.
    static func responseElement(
        _ text: String,
        _ operation: String,
        source: String
    ) throws(InventorySourceError)
        -> XMLIndexer
    {
        if let refusal = UntrustedXMLCheck.refusal(text) {
            throw InventorySourceError(source: source, reason: "\(operation): answer refused: " + refusal)
        }
        let document = XMLHash.config {
            $0.shouldProcessNamespaces = true
            $0.detectParsingErrors = true
        }.parse(text)
        if case .parsingError(let error) = document {
            throw InventorySourceError(
                source: source,
                reason: "\(operation): malformed XML at line \(error.line), column \(error.column)"
            )
        }
        let element = document["Envelope"]["Body"][operation + "Response"]
        guard element.element != nil else {
            throw InventorySourceError(source: source, reason: "\(operation): no \(operation)Response in the answer")
        }
        return element
    }
}
