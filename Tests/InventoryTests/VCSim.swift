import Foundation
import TestSupport
import Testing

/// govmomi's vCenter simulator (Fixtures/vcsim/main.go), built once per machine
/// into a cache folder from Debian's golang-go and golang-github-vmware-govmomi-dev,
/// and started on 127.0.0.1 with a free port. ``stop()`` (or deinit) kills it.
final class VCSim: @unchecked Sendable {
    /// The simulator's own view, printed at start (read from its object registry).
    struct Registry: Decodable {
        struct Host: Decodable {
            var id: String
            var name: String
            var cluster: String
        }
        struct VM: Decodable {
            var id: String
            var hostID: String
            var name: String
            var uuid: String
            var host: String
            var macs: [String]
            var networks: [String]
            var tags: [String]
        }
        var hosts: [Host]
        var vms: [VM]
        var networks: [String]
    }

    let process: Process
    /// `http://127.0.0.1:PORT/sdk` (credentials: user / pass).
    let endpoint: URL
    let registry: Registry

    /// Builds (if needed) and starts a simulator with `hosts` hosts in one cluster and `vms` VMs.
    init(hosts: Int = 3, vms: Int = 4) async throws {
        let binary = try await Self.binary()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-l", "127.0.0.1:0", "-hosts", String(hosts), "-vms", String(vms)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let lines = try await Self.readUntilURL(output.fileHandleForReading, process: process)
        guard let urlLine = lines.first(where: { $0.hasPrefix("GOVC_URL=") }),
            let inventoryLine = lines.first(where: { $0.hasPrefix("INVENTORY=") }),
            let url = URL(string: String(urlLine.dropFirst("GOVC_URL=".count)))
        else { throw VCSimFailure(message: "vcsim printed no URL: \(lines)") }
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
        components.user = nil
        components.password = nil
        self.endpoint = components.url!
        self.registry = try JSONDecoder().decode(
            Registry.self,
            from: Data(inventoryLine.dropFirst("INVENTORY=".count).utf8)
        )
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    // MARK: - Build once

    private static let build = Task { () throws -> String in try buildBinary() }

    static func binary() async throws -> String { try await build.value }

    /// Compiles the fixture into `$TMPDIR/vtin-vcsim-<hash of main.go>/vcsim-inventory`
    /// unless it is there already (the source hash keys the cache).
    private static func buildBinary() throws -> String {
        let source = Fixtures.path("vcsim/main.go")
        let text = try String(contentsOfFile: source, encoding: .utf8)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vtin-vcsim-\(String(hash, radix: 16))"
        )
        let binary = cache.appendingPathComponent("vcsim-inventory").path
        if FileManager.default.isExecutableFile(atPath: binary) { return binary }
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let staging = cache.appendingPathComponent("vcsim-inventory.\(ProcessInfo.processInfo.processIdentifier)").path
        let environment = [
            "GOPATH": "/usr/share/gocode", "GO111MODULE": "off", "GOFLAGS": "",
            "GOCACHE": cache.appendingPathComponent("gocache").path,
        ]
        let result = try ExternalTool.run("go", ["build", "-o", staging, source], environment: environment)
        guard result.status == 0 else {
            throw VCSimFailure(
                message:
                    "go build of the vcsim fixture failed (golang-go, golang-github-vmware-govmomi-dev installed?): "
                    + result.standardError
            )
        }
        _ = rename(staging, binary)  // atomic: parallel builders never see a half-written binary
        return binary
    }

    /// Reads stdout lines until the URL line, or fails after 60 s / when the process exits.
    private static func readUntilURL(_ handle: FileHandle, process: Process) async throws -> [String] {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                var buffer = Data()
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    buffer.append(chunk)
                    let text = String(decoding: buffer, as: UTF8.self)
                    if text.contains("GOVC_URL="), text.hasSuffix("\n") {
                        continuation.resume(returning: text.split(separator: "\n").map(String.init))
                        return
                    }
                }
                continuation.resume(
                    throwing: VCSimFailure(
                        message: "vcsim did not start: \(String(decoding: buffer, as: UTF8.self))"
                    )
                )
            }
            thread.start()
        }
    }
}

struct VCSimFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
