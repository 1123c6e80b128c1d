import FlatYAML
import Foundation
import TestSupport
import Testing

/// FlatYAML (libyaml's events turned into a tree by our builder) against PyYAML's own
/// pure-Python parser, an independent implementation: the same documents must give the
/// same trees (scalars as text, keys in order, aliases expanded), and text one rejects as
/// not YAML the other rejects too.
@Suite(.tags(.interop), .interopTier) struct FlatYAMLPeerTests {
    /// Tests/FlatYAMLTests/Fixtures/pyyaml_peer.py, run with Debian's /usr/bin/python3 (python3-yaml).
    static let peer = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pyyaml_peer.py").path
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// PyYAML's reading of each file: a JSON line, or "ERROR ...".
    static func pyyaml(_ files: [String]) throws -> [String] {
        let result = try ExternalTool.run("/usr/bin/python3", [peer, "read"] + files)
        try #require(result.status == 0, "pyyaml_peer.py read failed: \(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(
            String.init
        )
        try #require(
            lines.count == files.count,
            "\(lines.count) answers for \(files.count) files: \(result.standardError)"
        )
        return lines
    }

    @Test func randomDocumentsWrittenByPyYAMLReadTheSame() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vt-yaml-peer-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let generated = try ExternalTool.run("/usr/bin/python3", [Self.peer, "generate", "400", "7", directory.path])
        try #require(generated.status == 0, "generate failed: \(generated.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            .map { directory.appendingPathComponent($0).path }
        try #require(files.count == 400)
        let expected = try Self.pyyaml(files)
        var aliases = 0
        var quoted = 0
        for (file, theirs) in zip(files, expected) {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let document = try YAMLDocument(parsing: Array(text.utf8))
            #expect(JSONRendering(document).text == theirs, "\(file):\n\(text)")
            if text.contains("*id") { aliases += 1 }
            if text.contains("\"") || text.contains("'") { quoted += 1 }
        }
        // The generator exercised what it is for: anchors and aliases, quoted and escaped text.
        #expect(aliases > 40 && quoted > 200, "\(aliases) documents with aliases, \(quoted) with quotes")
    }

    @Test func theProjectsYAMLFilesReadTheSame() throws {
        let folders = [
            "Samples", "Tests/PolicyTests/Policies", "Tests/PolicyTests/BrokenPolicies",
            "Tests/InventoryTests/Fixtures",
            "FuzzTesting/Policy/Corpus", "FuzzTesting/Inventory/Corpus",
        ]
        var files: [String] = []
        for folder in folders {
            let root = Self.repository.appendingPathComponent(folder).path
            let enumerator = FileManager.default.enumerator(atPath: root)
            while let name = enumerator?.nextObject() as? String {
                if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { files.append(root + "/" + name) }
            }
        }
        files.sort()
        try #require(files.count > 40, "found only \(files.count) YAML files")
        let expected = try Self.pyyaml(files)
        var compared = 0
        for (file, theirs) in zip(files, expected) {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: file)))
            do {
                let ours = JSONRendering(try YAMLDocument(parsing: bytes)).text
                #expect(ours == theirs, "\(file)")
                compared += 1
            } catch {
                // Stricter than PyYAML by design: repeated keys and the size limits. Anything
                // else we call invalid YAML, PyYAML must reject too.
                if error.kind == .syntax || error.kind == .invalidText {
                    #expect(theirs.hasPrefix("ERROR"), "\(file): we say \(error.message), PyYAML read it")
                }
            }
        }
        #expect(compared > 30)
    }
}

/// A document as Python's `json.dumps(doc, ensure_ascii=False, separators=(",", ":"))`
/// writes PyYAML's BaseLoader reading of it.
struct JSONRendering {
    private(set) var text = ""

    init(_ document: YAMLDocument) {
        guard let root = document.root else {
            text = "null"
            return
        }
        write(root, document)
    }

    private mutating func write(_ node: YAMLNode.ID, _ document: YAMLDocument) {
        switch document[node].kind {
        case .scalar: string(document[node].text)
        case .sequence:
            text += "["
            for (position, element) in document.elements(of: node).enumerated() {
                if position > 0 { text += "," }
                write(element, document)
            }
            text += "]"
        case .mapping:
            text += "{"
            for (position, pair) in document.pairs(of: node).enumerated() {
                if position > 0 { text += "," }
                string(document[pair.key].text)
                text += ":"
                write(pair.value, document)
            }
            text += "}"
        }
    }

    private mutating func string(_ value: String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case _ where scalar.value < 0x20: text += String(format: "\\u%04x", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
