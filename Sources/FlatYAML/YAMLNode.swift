/// One node of a `YAMLDocument`: a scalar, a sequence or a mapping.
///
/// Nodes are plain values in one flat array; a collection names its children by a
/// range of `YAMLDocument`'s child list (see `YAMLDocument.elements(of:)` and
/// `YAMLDocument.pairs(of:)`). Line and column are 1-based, counted in characters,
/// and mark where the node starts in the text.
public struct YAMLNode: Sendable, Hashable {
    /// The index of a node in its document.
    public typealias ID = Int

    /// What a node is; a node's kind never changes after reading.
    public enum Kind: UInt8, Sendable {
        /// A single value: its text is the node's `text`.
        case scalar
        /// An ordered list: ``YAMLDocument/elements(of:)`` gives the children.
        case sequence
        /// Keys and values: ``YAMLDocument/pairs(of:)`` gives them in the text's order.
        case mapping
    }

    /// How a scalar was written. Only a plain scalar can mean null (`~`, `null`, empty).
    public enum ScalarStyle: UInt8, Sendable {
        /// Unquoted (`key: value`).
        case plain
        /// In single quotes (`'value'`).
        case singleQuoted
        /// In double quotes, escapes applied (`"value\n"`).
        case doubleQuoted
        /// A block kept line by line (`|`).
        case literal
        /// A block whose line breaks became spaces (`>`).
        case folded
    }

    /// The scalar's text (escapes and folding applied); empty for collections.
    public var text: String
    /// The 1-based line where the node starts.
    public var line: Int32
    /// The 1-based column where the node starts, counted in characters.
    public var column: Int32
    /// Where the node's children start in the document's child list.
    @usableFromInline var firstChild: Int32
    /// The child count (bits 0-26), kind (bits 27-28) and style (bits 29-31), packed so
    /// that a node takes 32 bytes: a document's nodes are most of the memory it touches.
    @usableFromInline var packed: UInt32

    /// The most child list entries one node can have.
    static let maximumChildCount = (1 << 27) - 1

    /// Scalar, sequence or mapping.
    @inlinable public var kind: Kind {
        get { Kind(rawValue: UInt8(truncatingIfNeeded: packed >> 27 & 3)) ?? .scalar }
        set { packed = packed & ~(3 << 27) | UInt32(newValue.rawValue) << 27 }
    }

    /// The scalar's style; `.plain` for collections.
    @inlinable public var style: ScalarStyle {
        get { ScalarStyle(rawValue: UInt8(truncatingIfNeeded: packed >> 29)) ?? .plain }
        set { packed = packed & ~(7 << 29) | UInt32(newValue.rawValue) << 29 }
    }

    /// How many child list entries the node has (a mapping has two per pair: key, value).
    @inlinable var childCount: Int32 {
        get { Int32(packed & (1 << 27 - 1)) }
        set { packed = packed & ~(1 << 27 - 1) | UInt32(newValue) }
    }

    init(kind: Kind, style: ScalarStyle, line: Int32, column: Int32, text: String) {
        self.text = text
        self.line = line
        self.column = column
        self.firstChild = 0
        self.packed = UInt32(kind.rawValue) << 27 | UInt32(style.rawValue) << 29
    }

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
