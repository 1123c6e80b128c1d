import Testing

@testable import FlatYAML

@Suite struct YAMLNodeLayoutTests {
    /// A node is 32 bytes: its kind, style and child count share one word.
    @Test func nodeIsThirtyTwoBytes() {
        #expect(MemoryLayout<YAMLNode>.stride == 32)
    }

    /// Packing keeps every kind, style and child count apart from the others.
    @Test func packedFieldsRoundTrip() {
        for kind in [YAMLNode.Kind.scalar, .sequence, .mapping] {
            for style in [YAMLNode.ScalarStyle.plain, .singleQuoted, .doubleQuoted, .literal, .folded] {
                for count in [0, 1, 2, 1000, YAMLNode.maximumChildCount] {
                    var node = YAMLNode(kind: kind, style: style, line: 3, column: 4, text: "x")
                    node.childCount = Int32(count)
                    #expect(node.kind == kind && node.style == style && Int(node.childCount) == count)
                    node.style = .plain
                    node.kind = .mapping
                    #expect(node.kind == .mapping && node.style == .plain && Int(node.childCount) == count)
                }
            }
        }
    }
}
