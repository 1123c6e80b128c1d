/// One node of a `YAMLDocument`: a scalar, a sequence or a mapping.
///
/// Nodes are plain values in one flat array; a collection names its children by a
/// range of `YAMLDocument`'s child list (see `YAMLDocument.elements(of:)` and
/// `YAMLDocument.pairs(of:)`). Line and column are 1-based, counted in characters,
/// and mark where the node starts in the text.
public struct YAMLNode: Sendable, Hashable {
    /// The index of a node in its document.
    public typealias ID = Int

    public enum Kind: UInt8, Sendable {
        case scalar, sequence, mapping
    }

    /// How a scalar was written. Only a plain scalar can mean null (`~`, `null`, empty).
    public enum ScalarStyle: UInt8, Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var kind: Kind
    /// The scalar's style; `.plain` for collections.
    public var style: ScalarStyle
    public var line: Int32
    public var column: Int32
    /// The scalar's text (escapes and folding applied); empty for collections.
    public var text: String
    /// Where the node's children start in the document's child list.
    @usableFromInline var firstChild: Int32
    /// How many child list entries the node has (a mapping has two per pair: key, value).
    @usableFromInline var childCount: Int32

    /// The scalar's text, or `nil` for a collection.
    @inlinable public var scalar: String? { kind == .scalar ? text : nil }

    /// A plain scalar that YAML reads as null: empty, `~`, `null`, `Null` or `NULL`.
    @inlinable public var isNull: Bool {
        guard kind == .scalar, style == .plain else { return false }
        switch text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
}
