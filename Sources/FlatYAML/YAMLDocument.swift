/// One YAML document, read with libyaml's event API into two flat arrays: the nodes
/// (plain values, no class per node) and the child list that collections index into.
///
/// Guarantees:
/// - It is the document libyaml (a complete YAML 1.1 parser) reads; nothing is parsed by hand.
/// - At most one document per text; a second one is a `.syntax` error at its start.
/// - No key appears twice in a mapping (`.duplicateKey`, located at the first occurrence).
/// - Anchors and aliases work: an alias is the anchored node itself (shared, not copied;
///   an anchor can only be used after its node ends, so the graph has no cycles).
///   `Limits.maximumExpandedNodes` bounds the size of the tree with every alias expanded,
///   so a consumer that walks it fully does bounded work ("billion laughs" is an error).
/// - Reading uses no recursion: a deeply nested text cannot exhaust the stack, and nesting
///   beyond `Limits.maximumDepth` is an error.
/// - Tags (`!!str`, `!custom`) are read and ignored; scalars keep their text and style.
public struct YAMLDocument: Sendable {
    /// Bounds for untrusted text. The defaults fit configuration files up to many MB.
    public struct Limits: Sendable, Hashable {
        /// The largest text accepted, in bytes.
        public var maximumBytes: Int
        /// The deepest nesting of sequences and mappings.
        public var maximumDepth: Int
        /// The most nodes the tree may have when every alias is expanded.
        public var maximumExpandedNodes: Int

        /// Limits of `maximumBytes` bytes of text, `maximumDepth` levels of nesting and `maximumExpandedNodes` nodes
        /// with aliases expanded; the defaults are 64 MiB, 64 levels and 16 million nodes.
        public init(maximumBytes: Int = 64 << 20, maximumDepth: Int = 64, maximumExpandedNodes: Int = 16_000_000) {
            self.maximumBytes = maximumBytes
            self.maximumDepth = maximumDepth
            self.maximumExpandedNodes = maximumExpandedNodes
        }
    }

    /// Every node, parents before their children, in the order they start in the text.
    public let nodes: [YAMLNode]
    /// Node IDs of collections' children; a mapping's entries alternate key, value.
    @usableFromInline let children: [Int32]
    /// The top node, or `nil` when the text holds no document (empty or only comments).
    public let root: YAMLNode.ID?

    init(nodes: [YAMLNode], children: [Int32], root: YAMLNode.ID?) {
        self.nodes = nodes
        self.children = children
        self.root = root
    }

    /// Reads `text` (YAML in UTF-8).
    public init(parsing text: String, limits: Limits = Limits()) throws(YAMLDocumentError) {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(YAMLDocumentError) in try unsafe YAMLDocumentBuilder(limits: limits).build(bytes) }
        }
        self = try result.get()
    }

    /// Reads `bytes` as YAML; bytes that are not UTF-8 are an `.invalidText` error at their place.
    public init(parsing bytes: [UInt8], limits: Limits = Limits()) throws(YAMLDocumentError) {
        try unsafe self.init(parsing: bytes.span.bytes, limits: limits)  // UInt8 elements are bytes
    }

    /// Reads `bytes` as YAML (e.g. a file's `Data.bytes`, without copying it first).
    public init(parsing bytes: RawSpan, limits: Limits = Limits()) throws(YAMLDocumentError) {
        let result = unsafe bytes.withUnsafeBytes { raw in
            let buffer = unsafe UnsafeBufferPointer(
                start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self),
                count: raw.count
            )
            return Result { () throws(YAMLDocumentError) in try unsafe YAMLDocumentBuilder(limits: limits).build(buffer)
            }
        }
        self = try result.get()
    }

    /// The node with index `node`; the index must come from this document (an index out of range traps).
    @inlinable public subscript(node: YAMLNode.ID) -> YAMLNode { nodes[node] }

    /// A sequence's elements in order (empty for scalars; a mapping's keys and values alternate).
    @inlinable public func elements(of node: YAMLNode.ID) -> Elements {
        let first = Int(nodes[node].firstChild)
        return Elements(ids: children[first..<first + Int(nodes[node].childCount)])
    }

    /// A mapping's key-value pairs in order (empty for scalars and sequences).
    @inlinable public func pairs(of node: YAMLNode.ID) -> Pairs {
        guard nodes[node].kind == .mapping else { return Pairs(ids: []) }
        return Pairs(ids: elements(of: node).ids)
    }

    /// The value of the first pair whose key is the scalar `key` in the mapping `node`.
    @inlinable public func value(forKey key: String, in node: YAMLNode.ID) -> YAMLNode.ID? {
        for (k, value) in pairs(of: node) where nodes[k].kind == .scalar && nodes[k].text == key { return value }
        return nil
    }

    /// Node IDs in a range of the child list.
    public struct Elements: RandomAccessCollection, Sendable {
        @usableFromInline let ids: ArraySlice<Int32>
        @inlinable init(ids: ArraySlice<Int32>) { self.ids = ids }
        /// The first element's position in the document's child list (not necessarily 0).
        @inlinable public var startIndex: Int { ids.startIndex }
        /// One past the last element's position.
        @inlinable public var endIndex: Int { ids.endIndex }
        /// The ID of the child at `position`, a position between ``startIndex`` and ``endIndex``.
        @inlinable public subscript(position: Int) -> YAMLNode.ID { YAMLNode.ID(ids[position]) }
    }

    /// A mapping's pairs; each element is the IDs of a key and its value.
    public struct Pairs: RandomAccessCollection, Sendable {
        @usableFromInline let ids: ArraySlice<Int32>
        @inlinable init(ids: ArraySlice<Int32>) { self.ids = ids }
        /// Always 0: pairs are counted from zero.
        @inlinable public var startIndex: Int { 0 }
        /// The number of key-value pairs.
        @inlinable public var endIndex: Int { ids.count / 2 }
        /// The IDs of the `position`-th key and its value, in the text's order.
        @inlinable public subscript(position: Int) -> (key: YAMLNode.ID, value: YAMLNode.ID) {
            let at = ids.startIndex + 2 * position
            return (YAMLNode.ID(ids[at]), YAMLNode.ID(ids[at + 1]))
        }
    }
}
