import FlatYAML
import Testing

@Suite struct YAMLDocumentTests {
    @Test func readsNestedCollectionsWithTextStyleAndPlace() throws {
        let document = try YAMLDocument(parsing: "a: [1, 'two', \"three\"]\nb:\n  c: ~\n  d: |\n    text\n")
        let root = try #require(document.root)
        #expect(document[root].kind == .mapping && document[root].line == 1 && document[root].column == 1)
        #expect(document.pairs(of: root).map { document[$0.key].text } == ["a", "b"])
        let list = try #require(document.value(forKey: "a", in: root))
        #expect(document.elements(of: list).map { document[$0].text } == ["1", "two", "three"])
        #expect(document.elements(of: list).map { document[$0].style } == [.plain, .singleQuoted, .doubleQuoted])
        #expect(document[document.elements(of: list)[1]].column == 8)
        let inner = try #require(document.value(forKey: "b", in: root))
        let c = try #require(document.value(forKey: "c", in: inner))
        #expect(document[c].isNull && document[c].line == 3 && document[c].column == 6)
        #expect(document[try #require(document.value(forKey: "d", in: inner))].text == "text\n")
        #expect(document[try #require(document.value(forKey: "d", in: inner))].style == .literal)
        #expect(document.pairs(of: list).isEmpty && document.value(forKey: "x", in: root) == nil)
    }

    @Test func quotedNullWordsAreText() throws {
        let document = try YAMLDocument(parsing: "[null, 'null', '', ~]")
        let items = document.elements(of: try #require(document.root)).map { document[$0].isNull }
        #expect(items == [true, false, false, true])
    }

    @Test func emptyOrCommentOnlyTextHasNoRoot() throws {
        #expect(try YAMLDocument(parsing: "").root == nil)
        #expect(try YAMLDocument(parsing: "# nothing\n\n").root == nil)
        #expect(try YAMLDocument(parsing: [UInt8]()).root == nil)
    }

    @Test func duplicateKeysAreReportedAtTheirFirstOccurrence() {
        let error = #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: "x: 1\nb: 2\n'x': 3\nb: 4\n") }
        #expect(error?.kind == .duplicateKey)
        #expect(error?.message == "duplicate key 'b', 'x': defined here and again later in the same mapping")
        #expect(error?.line == 2 && error?.column == 1)
    }

    @Test func duplicateKeysInALargeMappingAreFound() {
        let text = "{" + (0..<40).map { "k\($0): \($0)" }.joined(separator: ", ") + ", k7: again}"
        let error = #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: text) }
        #expect(error?.message.hasPrefix("duplicate key 'k7'") == true && error?.line == 1 && error?.column == 51)
    }

    @Test func sameKeyInDifferentMappingsIsFine() throws {
        #expect(try YAMLDocument(parsing: "- {a: 1}\n- {a: 2}\n").nodes.count == 7)
    }

    @Test func nestingBeyondTheLimitIsAnErrorNotACrash() {
        let nested = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        let error = #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: nested) }
        #expect(error?.kind == .limit && error?.line == 1 && error?.column == 65)
        // libyaml scans up to 1024 characters ahead; whichever limit is hit first, it is an error.
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let deepError = #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: deep) }
        #expect(deepError?.line == 1, "\(deepError.map(String.init(describing:)) ?? "")")
        let block = (0..<200).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined()
        #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: block) }
        let limits = YAMLDocument.Limits(maximumDepth: 3)
        #expect(throws: Never.self) { try YAMLDocument(parsing: "a: {b: [1]}", limits: limits) }
        #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: "a: {b: [[1]]}", limits: limits) }
    }

    @Test func aliasesShareTheAnchoredNode() throws {
        let document = try YAMLDocument(parsing: "base: &ports [80, 443]\nweb: *ports\nkey: &k name\n*k : 1\n")
        let root = try #require(document.root)
        let base = try #require(document.value(forKey: "base", in: root))
        #expect(document.value(forKey: "web", in: root) == base)
        #expect(document.pairs(of: root).count == 4)
    }

    @Test func undefinedAndSelfReferencingAliasesAreErrors() {
        let undefined = #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: "a: 1\nb: *nowhere\n") }
        #expect(undefined?.kind == .syntax && undefined?.message == "found undefined alias")
        #expect(undefined?.line == 2 && undefined?.column == 4)
        // An anchor is defined when its node ends, so a node cannot contain itself.
        #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: "a: &x [1, *x]\n") }
    }

    @Test func aliasExpansionIsBounded() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<9 {
            text +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        let error = #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: text) }
        #expect(error?.kind == .limit && error?.message.contains("counting aliases as copies") == true)
        #expect(error?.line == 8)
    }

    @Test func aSecondDocumentIsAnError() {
        let error = #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: "a: 1\n---\nb: 2\n") }
        #expect(error?.kind == .syntax && error?.message.contains("but found another document") == true)
        #expect(error?.line == 2 && error?.column == 1)
    }

    @Test func syntaxErrorsCarryLibyamlsProblemAndPlace() {
        let error = #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: "a: [1, 2\nb: 3\n") }
        #expect(error?.kind == .syntax)
        #expect(error?.message == "while parsing a flow sequence, did not find expected ',' or ']'")
        #expect(error?.line == 2 && error?.column == 2)
        let tab = #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: "a:\n\tb: 1\n") }
        #expect(tab?.message.contains("found character that cannot start any token") == true && tab?.line == 2)
    }

    @Test func bytesThatAreNotUTF8AreAnErrorAtTheirPlace() {
        let bytes = Array("a: 1\nbb: caf".utf8) + [0xE9] + Array("\n".utf8)
        let error = #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: bytes) }
        #expect(error?.kind == .invalidText && error?.message.contains("UTF-8") == true)
        #expect(error?.line == 2 && error?.column == 8)
        let control = #expect(throws: YAMLDocumentError.self) { try YAMLDocument(parsing: "a: é\u{1}") }
        #expect(control?.kind == .invalidText && control?.line == 1 && control?.column == 5)
    }

    @Test func textLargerThanTheLimitIsRefused() {
        let error = #expect(throws: YAMLDocumentError.self) {
            try YAMLDocument(parsing: "a: 12345", limits: YAMLDocument.Limits(maximumBytes: 4))
        }
        #expect(error?.kind == .limit && error?.description == "1:1: the text is larger than 4 bytes")
    }
}
