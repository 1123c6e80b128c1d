import Foundation
import Synchronization
import TestSupport
import Testing

/// `tapctl inventory` end to end: the built executable against files and the
/// libvirt test driver.
@Suite(.tags(.interop), .interopTier) struct InventoryCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/InventoryTests/Fixtures")

    /// Runs the built `tapctl` with `arguments`.
    static func tapctl(_ arguments: [String]) throws -> ExternalTool.Result {
        try ExternalTool.run(try ExternalTool.tapctl, arguments)
    }

    @Test func theTableListsHostsVMsNICsAndNetworks() throws {
        let output = try Self.tapctl([
            "inventory", "--source", "file:" + Self.fixtures.appendingPathComponent("estate.yaml").path,
        ])
        #expect(output.status == 0, "\(output.standardError)")
        let lines = output.standardOutput.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("HOST CLUSTER VMS"))
        #expect(lines.contains("host-a rack1 1"))
        #expect(
            lines.contains(
                "web-1 aaaaaaaa-0000-4000-8000-000000000001 running host-a web,pci 52:54:00:00:01:01 198.18.0.10,2001:db8::10 vnet0 prod 10"
            )
        )
        #expect(lines.contains("52:54:00:00:01:02 - vnet1 mgmt -"))
        #expect(lines.contains("db-1 - unknown host-b - 52:54:00:00:03:01 198.18.0.20 vnet5 prod -"))
        #expect(lines.contains("prod bridge br-prod 10 host-a"))
        // vnet0 on host-a and vnet0 on host-b are two interfaces, not a conflict.
        #expect(!output.standardOutput.contains("CONFLICTS"), "\(output.standardOutput)")
    }

    @Test func jsonHasEveryVMWithItsNICs() throws {
        let output = try Self.tapctl([
            "inventory", "--source", "file:" + Self.fixtures.appendingPathComponent("estate.json").path, "--json",
        ])
        #expect(output.status == 0, "\(output.standardError)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any]
        )
        let vms = try #require(document["vms"] as? [[String: Any]])
        #expect(vms.compactMap { $0["name"] as? String } == ["db-1", "web-1", "web-2"])
        let web1 = try #require(vms.first { $0["name"] as? String == "web-1" })
        let nics = try #require(web1["nics"] as? [[String: Any]])
        #expect(nics.compactMap { $0["mac"] as? String } == ["52:54:00:00:01:01", "52:54:00:00:01:02"])
        #expect(nics.first?["interfaceName"] as? String == "vnet0")
        #expect((document["networks"] as? [Any])?.count == 2)
        #expect((document["conflicts"] as? [Any])?.isEmpty == true)
    }

    @Test func libvirtTestDriverWorksFromTheCommandLine() throws {
        let node = Self.fixtures.appendingPathComponent("libvirt-test-node.xml").path
        let output = try Self.tapctl(["inventory", "--source", "libvirt:test://" + node])
        #expect(output.status == 0, "\(output.standardError)")
        for mac in ["52:54:00:00:01:01", "52:54:00:00:01:02", "52:54:00:00:02:01", "52:54:00:00:03:01"] {
            #expect(output.standardOutput.contains(mac))
        }
        #expect(output.standardOutput.contains("virbr-mgmt"))
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
        #expect(output.standardError.contains(message), "\(output.standardError)")
        #expect(output.standardError.split(separator: "\n").count == 1, "\(output.standardError)")
    }

    @Test func aMalformedFileNamesItsLine() throws {
        let path = Self.fixtures.appendingPathComponent("malformed/bad-mac.yaml").path
        let output = try Self.tapctl(["inventory", "--source", "file:" + path])
        #expect(output.status != 0)
        #expect(output.standardError.contains(path + ":4:"), "\(output.standardError)")
    }

    @Test func watchPrintsAMigrationOnce() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vtin-watch-\(UUID().uuidString).yaml")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = try String(contentsOf: Self.fixtures.appendingPathComponent("estate.yaml"), encoding: .utf8)
        try original.write(toFile: path, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ExternalTool.tapctl)
        process.arguments = [
            "inventory", "--source", "file:" + path, "--watch", "--json", "--interval", "0.2", "--duration", "120",
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        // Edit the file only once tapctl has read it (it says so on stderr).
        let ready = await Self.waitForLine(containing: "watching for changes", in: err.fileHandleForReading)
        try #require(ready, "tapctl never started watching")
        // web-1 migrates from host-a to host-b.
        let moved = original.replacingOccurrences(
            of: "    host: host-a\n    state: running",
            with: "    host: host-b\n    state: running"
        )
        #expect(moved != original)
        try moved.write(toFile: path, atomically: true, encoding: .utf8)
        // Wait for the move, then for ten more polls in which nothing else may appear.
        let sawMove = await Self.waitForLine(containing: "\"moved\"", in: out.fileHandleForReading)
        try #require(sawMove, "no moved event")
        try await Task.sleep(for: .seconds(2))  // the quiet time under test: nothing may appear in it
        process.terminate()
        process.waitUntilExit()
        let rest = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.isEmpty, "more events after the move: \(rest)")
        #expect(Self.lastLines.withLock { $0[ObjectIdentifier(out.fileHandleForReading)] }?.count == 1)
        let line = try #require(Self.lastLines.withLock { $0[ObjectIdentifier(out.fileHandleForReading)] }?.first)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(event["kind"] as? String == "moved")
        #expect(event["vm"] as? String == "web-1")
        #expect(event["fromHost"] as? String == "host-a")
        #expect(event["toHost"] as? String == "host-b")
        #expect(event["timestamp"] is String)
    }

    /// The complete lines `waitForLine` read from each handle, for the test to inspect.
    static let lastLines = Mutex<[ObjectIdentifier: [String]]>([:])

    /// Reads `handle` on a thread until a line containing `text` arrives (true) or it
    /// closes / 60 s pass (false). The complete lines read go to ``lastLines``.
    static func waitForLine(containing text: String, in handle: FileHandle) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread {
                var seen = ""
                var found = false
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    seen += String(decoding: chunk, as: UTF8.self)
                    if let lastNewline = seen.lastIndex(of: "\n"), seen[...lastNewline].contains(text) {
                        found = true
                        break
                    }
                }
                let lines = seen.split(separator: "\n").map(String.init)
                lastLines.withLock { $0[ObjectIdentifier(handle)] = lines }
                continuation.resume(returning: found)
            }.start()
        }
    }
}
