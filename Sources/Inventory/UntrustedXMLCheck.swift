/// Refuses XML constructs that neither libvirt nor vim25 ever send and that are
/// dangerous to the XML parser this package uses (Foundation's `XMLParser` on
/// Linux, through SWXMLHash):
/// - processing instructions other than the leading `<?xml …?>` declaration
///   (`<a><?pi?></a>` crashes swift-corelibs-foundation 6.3's parser: a NULL `data`
///   reaches `strlen`; found by `FuzzVSphereResponse`);
/// - document type declarations and entities (`<!DOCTYPE`, `<!ENTITY`), which
///   would allow entity expansion attacks.
///
/// Used by InventoryLibvirt and InventoryVSphere before every parse.
package enum UntrustedXMLCheck {
    /// The reason to refuse `text`, or `nil` when it may be parsed.
    package static func refusal(_ text: String) -> String? {
        var body = Substring(text)
        body = body.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        if body.hasPrefix("<?xml "), let end = body.range(of: "?>") {
            let declaration = body[..<end.lowerBound]
            if declaration.dropFirst(2).contains("<") { return "malformed XML declaration" }
            body = body[end.upperBound...]
        }
        if body.contains("<?") { return "XML processing instructions are not accepted" }
        if body.contains("<!DOCTYPE") || body.contains("<!ENTITY") {
            return "XML document type declarations are not accepted"
        }
        return nil
    }
}
