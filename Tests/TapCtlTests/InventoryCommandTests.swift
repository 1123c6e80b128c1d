import Foundation
import Testing

/// `tapctl inventory` end to end: the built executable against a file and the
/// libvirt test driver.
@Suite struct InventoryCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/InventoryTests/Fixtures")

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `.build/debug/tapctl ARGS` (built by `swift build --build-tests`).
    static func tapctl(_ arguments: [String], environment: [String: String]? = nil) throws -> Output {
        let binary = root.appendingPathComponent(".build/debug/tapctl").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw CLIMissing(path: binary)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("vtin-cli-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
            stderr: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")
    }

    struct CLIMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) is missing: run swift build --build-tests first" }
    }

    @Test func theTableListsHostsVMsNICsAndNetworks() throws {
        let output = try Self.tapctl(["inventory", "--source", "file:" + Self.fixtures.appendingPathComponent("estate.yaml").path])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("HOST CLUSTER VMS"))
        #expect(lines.contains("host-a rack1 1"))
        #expect(lines.contains(
            "web-1 aaaaaaaa-0000-4000-8000-000000000001 running host-a web,pci 52:54:00:00:01:01 198.18.0.10,2001:db8::10 vnet0 prod 10"))
        #expect(lines.contains("52:54:00:00:01:02 - vnet1 mgmt -"))
        #expect(lines.contains("db-1 - unknown host-b - 52:54:00:00:03:01 198.18.0.20 vnet5 prod -"))
        #expect(lines.contains("prod bridge br-prod 10 host-a"))
    }

    @Test func jsonHasEveryVMWithItsNICs() throws {
        let output = try Self.tapctl([
            "inventory", "--source", "file:" + Self.fixtures.appendingPathComponent("estate.json").path, "--json",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let vms = try #require(document["vms"] as? [[String: Any]])
        #expect(vms.compactMap { $0["name"] as? String } == ["db-1", "web-1", "web-2"])
        let web1 = try #require(vms.first { $0["name"] as? String == "web-1" })
        let nics = try #require(web1["nics"] as? [[String: Any]])
        #expect(nics.compactMap { $0["mac"] as? String } == ["52:54:00:00:01:01", "52:54:00:00:01:02"])
        #expect(nics.first?["interfaceName"] as? String == "vnet0")
        #expect((document["networks"] as? [Any])?.count == 2)
    }

    @Test func libvirtTestDriverWorksFromTheCommandLine() throws {
        let node = Self.fixtures.appendingPathComponent("libvirt-test-node.xml").path
        let output = try Self.tapctl(["inventory", "--source", "libvirt:test://" + node])
        #expect(output.status == 0, "\(output.stderr)")
        for mac in ["52:54:00:00:01:01", "52:54:00:00:01:02", "52:54:00:00:02:01", "52:54:00:00:03:01"] {
            #expect(output.stdout.contains(mac))
        }
        #expect(output.stdout.contains("virbr-mgmt"))
    }

    @Test(arguments: [
        (["inventory", "--source", "file:/nonexistent/vtin.yaml"], "/nonexistent/vtin.yaml: cannot read"),
        (["inventory", "--source", "nfs:/x"], "unknown inventory source kind 'nfs'"),
        (["inventory", "--source", "vsphere:ftp://x/sdk"], "must be an http(s) URL"),
        (["inventory", "--source", "vsphere:http://127.0.0.1:1/sdk"], "cannot reach http://127.0.0.1:1/sdk"),
        (["inventory", "--source", "libvirt:qemu+tcp://127.0.0.1:1/system"], "unable to connect to server"),
    ])
    func badSourcesFailWithOneLine(arguments: [String], message: String) throws {
        let output = try Self.tapctl(arguments)
        #expect(output.status != 0)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
    }

    @Test func aMalformedFileNamesItsLine() throws {
        let path = Self.fixtures.appendingPathComponent("malformed/bad-mac.yaml").path
        let output = try Self.tapctl(["inventory", "--source", "file:" + path])
        #expect(output.status != 0)
        #expect(output.stderr.contains(path + ":4:"), "\(output.stderr)")
    }

    @Test func watchPrintsAMigrationOnce() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vtin-watch-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = try String(contentsOf: Self.fixtures.appendingPathComponent("estate.yaml"), encoding: .utf8)
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        let editor = Task.detached {
            try await Task.sleep(for: .milliseconds(1500))
            // web-1 migrates from host-a to host-b.
            let moved = original.replacingOccurrences(of: "    host: host-a\n    state: running", with: "    host: host-b\n    state: running")
            try moved.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let output = try Self.tapctl([
            "inventory", "--source", "file:" + path, "--watch", "--json", "--interval", "0.2", "--duration", "4",
        ])
        try await editor.value
        #expect(output.status == 0, "\(output.stderr)")
        let events = output.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(events.count == 1, "\(output.stdout)")
        #expect(events.first?["kind"] as? String == "moved")
        #expect(events.first?["vm"] as? String == "web-1")
        #expect(events.first?["fromHost"] as? String == "host-a")
        #expect(events.first?["toHost"] as? String == "host-b")
        #expect(events.first?["timestamp"] is String)
    }
}
