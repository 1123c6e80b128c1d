import FlatYAML

/// The nodes of a YAML list, or one node standing alone for a one-element list
/// (`port: 80` reads like `port: [80]`). No allocation either way.
struct NodeList: RandomAccessCollection {
    private let list: YAMLDocument.Elements?
    private let single: YAMLNode.ID

    init(_ list: YAMLDocument.Elements) {
        self.list = list
        self.single = 0
    }

    init(single node: YAMLNode.ID) {
        self.list = nil
        self.single = node
    }

    var startIndex: Int { list?.startIndex ?? 0 }
    var endIndex: Int { list?.endIndex ?? 1 }
    subscript(position: Int) -> YAMLNode.ID { list?[position] ?? single }
}
