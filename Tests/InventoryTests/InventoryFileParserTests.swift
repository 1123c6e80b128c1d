import Foundation
import Inventory
import NetworkTypes
import TapVocabulary
import Testing

@Suite struct InventoryFileParserTests {
    static let expected = InventorySnapshot(
        hosts: [HypervisorHost(name: "host-a", cluster: "rack1"), HypervisorHost(name: "host-b", cluster: "rack1")],
        virtualMachines: [
            VirtualMachine(
                name: "web-1",
                uuid: "aaaaaaaa-0000-4000-8000-000000000001",
                state: .running,
                host: "host-a",
                tags: ["web", "pci"],
                nics: [
                    VirtualNIC(
                        mac: MACAddress("52:54:00:00:01:01")!,
                        ips: [IPAddress("198.18.0.10")!, IPAddress("2001:db8::10")!],
                        interfaceName: "vnet0",
                        network: "prod",
                        vlan: 10
                    ),
                    VirtualNIC(mac: MACAddress("52:54:00:00:01:02")!, interfaceName: "vnet1", network: "mgmt"),
                ]
            ),
            VirtualMachine(
                name: "web-2",
                uuid: "aaaaaaaa-0000-4000-8000-000000000002",
                state: .paused,
                host: "host-b",
                tags: ["web"],
                nics: [
                    VirtualNIC(
                        mac: MACAddress("52:54:00:00:02:01")!,
                        ips: [IPAddress("198.18.0.11")!],
                        interfaceName: "vnet0",
                        network: "prod"
                    )
                ]
            ),
            VirtualMachine(
                name: "db-1",
                host: "host-b",
                nics: [
                    VirtualNIC(
                        mac: MACAddress("52:54:00:00:03:01")!,
                        ips: [IPAddress("198.18.0.20")!],
                        interfaceName: "vnet5",
                        network: "prod"
                    )
                ]
            ),
        ],
        networks: [
            VirtualNetwork(name: "prod", kind: .bridge, bridge: "br-prod", vlan: 10, host: "host-a"),
            VirtualNetwork(name: "mgmt", kind: .libvirtNetwork),
        ]
    )

    @Test(arguments: ["estate.yaml", "estate.json"])
    func aYAMLOrJSONEstateComesOutExactly(file: String) async throws {
        let snapshot = try await InventoryFileSource(path: Fixtures.path(file)).snapshot()
        #expect(snapshot == Self.expected)
    }

    struct MalformedCase: CustomTestStringConvertible, Sendable {
        var file: String
        var line: Int
        var column: Int
        var text: String
        var testDescription: String { file }
    }

    static let malformed: [MalformedCase] = {
        let manifest = (try? String(contentsOfFile: Fixtures.path("malformed/expected.txt"), encoding: .utf8)) ?? ""
        return manifest.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            let place = fields[1].split(separator: ":").compactMap { Int($0) }
            return MalformedCase(
                file: fields[0],
                line: place.first ?? 0,
                column: place.dropFirst().first ?? 0,
                text: fields[2]
            )
        }
    }()

    @Test func theMalformedCorpusIsComplete() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("malformed"))
            .filter { $0 != "expected.txt" }
        #expect(Set(files) == Set(Self.malformed.map(\.file)))
    }

    @Test(arguments: malformed)
    func aMalformedFileGivesItsPlaceAndReason(_ testCase: MalformedCase) async throws {
        let path = Fixtures.path("malformed/" + testCase.file)
        let error = try #require(throws: InventoryFileError.self) {
            try InventoryFileParser(path: path).parse(Array(FileManager.default.contents(atPath: path) ?? Data()))
        }
        #expect(error.path == path)
        #expect(error.line == testCase.line && error.column == testCase.column, "\(error)")
        #expect(error.reason.contains(testCase.text), "\(error)")
        #expect(error.description.hasPrefix("\(path):\(testCase.line):\(testCase.column): "))
    }

    @Test func aMissingFileIsAClearError() async throws {
        let error = try await #require(throws: InventoryFileError.self) {
            try await InventoryFileSource(path: "/nonexistent/vtin/estate.yaml").snapshot()
        }
        #expect(error.description.hasPrefix("/nonexistent/vtin/estate.yaml: cannot read"))
    }

    @Test func anEmptyFileIsAnEmptyEstate() throws {
        #expect(try InventoryFileParser(path: "empty.yaml").parse([]) == .empty)
        #expect(try InventoryFileParser(path: "comment.yaml").parse(Array("# nothing yet\n".utf8)) == .empty)
    }

    @Test func anAliasIsTheAnchoredValue() throws {
        let text = """
            vms:
              - { name: web-1, tags: &web [web, pci], nics: [{ mac: "52:54:00:00:01:01", network: &net prod }] }
              - { name: web-2, tags: *web, nics: [{ mac: "52:54:00:00:02:01", network: *net }] }
            """
        let vms = try InventoryFileParser(path: "aliases.yaml").parse(Array(text.utf8)).virtualMachines
        #expect(vms.map(\.tags) == [["web", "pci"], ["web", "pci"]])
        #expect(vms.map { $0.nics.map(\.network) } == [["prod"], ["prod"]])
    }

    @Test func everyTruncationOfAValidFileParsesOrFailsCleanly() throws {
        let bytes = Array(try #require(FileManager.default.contents(atPath: Fixtures.path("estate.yaml"))))
        var failures = 0
        for length in 0...bytes.count {
            let cut = Array(bytes[..<length])
            if Self.parsesOrFailsInside(cut, path: "cut.yaml") == false { failures += 1 }
        }
        #expect(failures > 0)
    }

    /// YAML's indicators, a line break, a tab, NUL and bytes that break UTF-8.
    static let replacements: [UInt8] = Array(":{}[]\"'\n\t&*!-#,|".utf8) + [0x00, 0xC3, 0xFF]

    @Test(arguments: ["estate.yaml", "estate.json"])
    func everyByteReplacedParsesOrFailsInsideTheText(file: String) throws {
        var bytes = Array(try #require(FileManager.default.contents(atPath: Fixtures.path(file))))
        var failures = 0
        for position in bytes.indices {
            let original = bytes[position]
            for replacement in Self.replacements where replacement != original {
                bytes[position] = replacement
                if Self.parsesOrFailsInside(bytes, path: file) == false { failures += 1 }
            }
            bytes[position] = original
        }
        #expect(failures > 0)
    }

    /// Parses `bytes`; true when they give a snapshot, false when they give a one-line
    /// error located inside the text: on one of its lines, at most one column past the
    /// line's end, or at the start of the line after the last (where libyaml puts the end
    /// of a text without a final line break).
    static func parsesOrFailsInside(_ bytes: [UInt8], path: String) -> Bool {
        do {
            _ = try InventoryFileParser(path: path).parse(bytes)
            return true
        } catch {
            let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            let line = error.line ?? 0
            let column = error.column ?? 0
            let inside =
                if (1...lines.count).contains(line) {
                    // Columns count characters; a line's bytes are an upper bound.
                    (1...lines[line - 1].count + 1).contains(column)
                } else {
                    line == lines.count + 1 && column == 1
                }
            #expect(inside, "\(error)")
            #expect(!error.reason.isEmpty && !error.description.contains("\n"), "\(error)")
            return false
        }
    }

    // MARK: - Error positions

    @Test func aYAMLSyntaxErrorIsAtLibyamlsMark() {
        let text = "vms:\n  - name: web-1\n    host: @host-a\n"
        let error = #expect(throws: InventoryFileError.self) {
            try InventoryFileParser(path: "estate.yaml").parse(Array(text.utf8))
        }
        #expect(
            error?.description
                == "estate.yaml:3:11: not valid YAML/JSON: while scanning for the next token, "
                + "found character that cannot start any token"
        )
    }

    @Test func aControlCharacterIsAtItsByte() {
        let text = "vms:\n  - name: web\u{0}-1\n"
        let error = #expect(throws: InventoryFileError.self) {
            try InventoryFileParser(path: "estate.yaml").parse(Array(text.utf8))
        }
        #expect(error?.description == "estate.yaml:2:14: not valid YAML/JSON text: control characters are not allowed")
    }

    struct WrongTypeCase: CustomTestStringConvertible, Sendable {
        var text: String
        var line: Int
        var column: Int
        var reason: String
        var testDescription: String { reason }
    }

    /// Each value sits on a later line and column than its key and its parent mapping,
    /// so an error placed at either of those fails.
    static let wrongTypes: [WrongTypeCase] = [
        WrongTypeCase(
            text: "vms:\n  - name: web-1\n    tags: web\n",
            line: 3,
            column: 11,
            reason: "'tags' must be a list"
        ),
        WrongTypeCase(
            text: "vms:\n  - name: web-1\n    host:\n      [a, b]\n",
            line: 4,
            column: 7,
            reason: "expected a single value"
        ),
        WrongTypeCase(
            text: "vms:\n  - name: web-1\n    nics:\n      - mac: \"52:54:00:00:01:01\"\n      - vnet0\n",
            line: 5,
            column: 9,
            reason: "a NIC must be a mapping of keys to values"
        ),
        WrongTypeCase(
            text: "hosts:\n  - { name: host-a, cluster: { rack: 1 } }\n",
            line: 2,
            column: 30,
            reason: "expected a single value"
        ),
        WrongTypeCase(
            text: "networks:\n  - name: prod\n    vlan: \"ten\"\n",
            line: 3,
            column: 11,
            reason: "invalid VLAN 'ten' (0...4094)"
        ),
        // JSON indented with tabs: a tab is one column, as in the file.
        WrongTypeCase(
            text: "{\n\t\"vms\": [\n\t\t{\"name\": \"a\", \"state\": \"sleeping\"}\n\t]\n}\n",
            line: 3,
            column: 26,
            reason: "unknown VM state 'sleeping' (running, paused, shutoff, suspended, crashed, unknown)"
        ),
    ]

    @Test(arguments: wrongTypes)
    func aValueOfTheWrongTypeIsAtTheValue(_ testCase: WrongTypeCase) {
        let error = #expect(throws: InventoryFileError.self) {
            try InventoryFileParser(path: "estate.yaml").parse(Array(testCase.text.utf8))
        }
        #expect(error?.description == "estate.yaml:\(testCase.line):\(testCase.column): \(testCase.reason)")
    }
}
