import CYAML

/// Turns libyaml's events into a `YAMLDocument`, with an explicit stack instead of recursion.
///
/// A collection gets its node when it starts (so nodes are in text order); its children
/// collect in `pending` as they end and move to the child list when the collection ends.
struct YAMLDocumentBuilder {
    private struct OpenCollection {
        var node: Int32
        var pendingStart: Int
        var anchor: String?
    }

    /// A finished node waiting for its parent, with its size when aliases are expanded.
    private struct Finished {
        var node: Int32
        var expandedSize: Int
    }

    let limits: YAMLDocument.Limits
    private var nodes: [YAMLNode] = []
    private var children: [Int32] = []
    private var pending: [Finished] = []
    private var open: [OpenCollection] = []
    private var anchors: [String: Finished] = [:]
    private var root: Finished?

    init(limits: YAMLDocument.Limits) { self.limits = limits }

    consuming func build(_ input: UnsafeBufferPointer<UInt8>) throws(YAMLDocumentError) -> YAMLDocument {
        guard input.count <= limits.maximumBytes else {
            throw YAMLDocumentError(.limit, "the text is larger than \(limits.maximumBytes) bytes", line: 1, column: 1)
        }
        guard let base = input.baseAddress, input.count > 0 else {
            return YAMLDocument(nodes: [], children: [], root: nil)
        }
        // Policy-like text has a node per 5-7 bytes. Generous: pages never written are never touched.
        nodes.reserveCapacity(input.count / 4)
        children.reserveCapacity(input.count / 4)

        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { unsafe parser.deallocate() }
        guard unsafe yaml_parser_initialize(parser) == 1 else {
            throw YAMLDocumentError(.limit, "libyaml could not allocate its parser", line: 1, column: 1)
        }
        defer { unsafe yaml_parser_delete(parser) }
        unsafe yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        unsafe yaml_parser_set_input_string(parser, base, input.count)

        var event = unsafe yaml_event_t()
        var documents = 0
        while true {
            guard unsafe yaml_parser_parse(parser, &event) == 1 else { throw unsafe error(parser.pointee, input) }
            defer { unsafe yaml_event_delete(&event) }
            let mark = unsafe event.start_mark
            switch unsafe event.type {
            case YAML_STREAM_END_EVENT:
                return YAMLDocument(nodes: nodes, children: children, root: root.map { Int($0.node) })
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw YAMLDocumentError(
                        .syntax,
                        "expected a single document in the stream, but found another document",
                        line: Self.line(mark),
                        column: Self.column(mark)
                    )
                }
            case YAML_SCALAR_EVENT:
                let scalar = unsafe event.data.scalar
                let text = unsafe String(
                    decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length),
                    as: UTF8.self
                )
                let id = try add(
                    YAMLNode(
                        kind: .scalar,
                        style: Self.style(unsafe scalar.style),
                        line: mark,
                        text: text
                    )
                )
                finish(Finished(node: id, expandedSize: 1), anchor: unsafe Self.name(scalar.anchor))
            case YAML_SEQUENCE_START_EVENT:
                try start(.sequence, at: mark, anchor: unsafe Self.name(event.data.sequence_start.anchor))
            case YAML_MAPPING_START_EVENT:
                try start(.mapping, at: mark, anchor: unsafe Self.name(event.data.mapping_start.anchor))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                try end()
            case YAML_ALIAS_EVENT:
                let name = unsafe Self.name(event.data.alias.anchor) ?? ""
                guard let anchored = anchors[name] else {
                    throw YAMLDocumentError(
                        .syntax,
                        "found undefined alias",
                        line: Self.line(mark),
                        column: Self.column(mark)
                    )
                }
                finish(anchored, anchor: nil)
            default:
                break  // stream start, document end
            }
        }
    }

    // MARK: Events

    private mutating func add(_ node: YAMLNode) throws(YAMLDocumentError) -> Int32 {
        guard nodes.count < Int32.max else {
            throw YAMLDocumentError(.limit, "too many nodes", line: Int(node.line), column: Int(node.column))
        }
        nodes.append(node)
        return Int32(nodes.count - 1)
    }

    private mutating func start(_ kind: YAMLNode.Kind, at mark: yaml_mark_t, anchor: String?) throws(YAMLDocumentError)
    {
        guard open.count < limits.maximumDepth else {
            throw YAMLDocumentError(
                .limit,
                "sequences and mappings nest deeper than \(limits.maximumDepth) levels",
                line: Self.line(mark),
                column: Self.column(mark)
            )
        }
        let id = try add(YAMLNode(kind: kind, style: .plain, line: mark, text: ""))
        open.append(OpenCollection(node: id, pendingStart: pending.count, anchor: anchor))
    }

    private mutating func end() throws(YAMLDocumentError) {
        let collection = open.removeLast()
        let id = Int(collection.node)
        let count = pending.count - collection.pendingStart
        guard count <= YAMLNode.maximumChildCount else {
            throw YAMLDocumentError(
                .limit,
                "a sequence or mapping has more than \(YAMLNode.maximumChildCount) entries",
                line: Int(nodes[id].line),
                column: Int(nodes[id].column)
            )
        }
        var expandedSize = 1
        nodes[id].firstChild = Int32(children.count)
        nodes[id].childCount = Int32(count)
        for index in collection.pendingStart..<pending.count {
            expandedSize += pending[index].expandedSize
            children.append(pending[index].node)
        }
        pending.removeLast(count)
        guard expandedSize <= limits.maximumExpandedNodes else {
            throw YAMLDocumentError(
                .limit,
                "the document has more than \(limits.maximumExpandedNodes) nodes (counting aliases as copies)",
                line: Int(nodes[id].line),
                column: Int(nodes[id].column)
            )
        }
        if nodes[id].kind == .mapping, let key = firstDuplicateKey(in: id) {
            let names = Set(duplicateKeys(in: id)).sorted()
            let list = names.map { "'\($0)'" }.joined(separator: ", ")
            throw YAMLDocumentError(
                .duplicateKey,
                "duplicate key \(list): defined here and again later in the same mapping",
                line: Int(nodes[key].line),
                column: Int(nodes[key].column)
            )
        }
        finish(Finished(node: collection.node, expandedSize: expandedSize), anchor: collection.anchor)
    }

    /// Hands a finished node to its parent (or makes it the root) and records its anchor.
    private mutating func finish(_ node: Finished, anchor: String?) {
        if let anchor { anchors[anchor] = node }
        if open.isEmpty { root = node } else { pending.append(node) }
    }

    /// The scalar keys of `mapping` that occur more than once (each repeat listed).
    private func duplicateKeys(in mapping: Int) -> [String] {
        let first = Int(nodes[mapping].firstChild)
        let end = first + Int(nodes[mapping].childCount)
        var seen = Set<String>()
        var repeated: [String] = []
        for index in stride(from: first, to: end, by: 2) where nodes[Int(children[index])].kind == .scalar {
            let text = nodes[Int(children[index])].text
            if !seen.insert(text).inserted { repeated.append(text) }
        }
        return repeated
    }

    /// The first occurrence of the alphabetically first scalar key that `mapping` repeats,
    /// or `nil` when every key is unique. Small mappings (the common case) are searched
    /// pairwise without allocating.
    private func firstDuplicateKey(in mapping: Int) -> Int? {
        let first = Int(nodes[mapping].firstChild)
        let end = first + Int(nodes[mapping].childCount)
        var found: Int?
        if end - first <= 32 {
            for index in stride(from: first, to: end, by: 2) {
                let key = Int(children[index])
                guard nodes[key].kind == .scalar else { continue }
                for later in stride(from: index + 2, to: end, by: 2) {
                    let other = Int(children[later])
                    if nodes[other].kind == .scalar && nodes[other].text == nodes[key].text {
                        if found.map({ nodes[key].text < nodes[$0].text }) ?? true { found = key }
                        break
                    }
                }
            }
            return found
        }
        let names = duplicateKeys(in: mapping)
        guard let name = names.min() else { return nil }
        return stride(from: first, to: end, by: 2).lazy.map { Int(self.children[$0]) }
            .first { nodes[$0].kind == .scalar && nodes[$0].text == name }
    }

    // MARK: libyaml values

    private static func line(_ mark: yaml_mark_t) -> Int { Int(mark.line) + 1 }
    private static func column(_ mark: yaml_mark_t) -> Int { Int(mark.column) + 1 }

    private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let anchor = unsafe anchor else { return nil }
        return unsafe String(cString: anchor)
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLNode.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    /// The parser's error: libyaml's problem text (with its context) at its mark. Reader
    /// errors (bad UTF-8, control characters) only have a byte offset; it is turned into
    /// a line and column here.
    private func error(_ parser: yaml_parser_t, _ input: UnsafeBufferPointer<UInt8>) -> YAMLDocumentError {
        let problem = unsafe parser.problem.map { unsafe String(cString: $0) } ?? "unknown problem"
        switch unsafe parser.error {
        case YAML_MEMORY_ERROR:
            return YAMLDocumentError(.limit, "libyaml ran out of memory", line: 1, column: 1)
        case YAML_READER_ERROR:
            let (line, column) = unsafe Self.place(ofByte: parser.problem_offset, in: input)
            return YAMLDocumentError(.invalidText, problem, line: line, column: column)
        default:
            let context = unsafe parser.context.map { unsafe String(cString: $0) + ", " } ?? ""
            let mark = unsafe parser.problem_mark
            return YAMLDocumentError(.syntax, context + problem, line: Self.line(mark), column: Self.column(mark))
        }
    }

    /// Line and column (1-based; a column counts UTF-8 sequences) of byte `offset`.
    static func place(ofByte offset: Int, in input: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        // An index loop: swift-format 6.3 rewrites `for unsafe byte in` into `for unsafebyte in`.
        for index in 0..<min(max(offset, 0), input.count) {
            let byte = unsafe input[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}

extension YAMLNode {
    init(kind: Kind, style: ScalarStyle, line mark: yaml_mark_t, text: String) {
        self.init(
            kind: kind,
            style: style,
            line: Int32(truncatingIfNeeded: mark.line + 1),
            column: Int32(truncatingIfNeeded: mark.column + 1),
            text: text
        )
    }
}
