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

    @Test func everyTruncationOfAValidFileParsesOrFailsCleanly() throws {
        let bytes = Array(try #require(FileManager.default.contents(atPath: Fixtures.path("estate.yaml"))))
        var failures = 0
        for length in 0...bytes.count {
            do { _ = try InventoryFileParser(path: "cut.yaml").parse(Array(bytes[..<length])) } catch {
                failures += 1
                #expect(!error.reason.isEmpty)
            }
        }
        #expect(failures > 0)
    }
}
