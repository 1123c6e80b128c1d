import FlatYAML
import Testing

@Suite struct YAMLDocumentTests {
    @Test func readsNestedCollections() throws {
        let document = try YAMLDocument(parsing: "a: [1, 'two']\nb: { c: ~ }\n")
        let root = try #require(document.root)
        #expect(document.pairs(of: root).map { document[$0.key].text } == ["a", "b"])
    }
}
