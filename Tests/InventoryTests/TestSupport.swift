import Foundation
import Testing

/// Paths of the test fixtures (found from this file, not from the working directory).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    /// The libvirt test-driver node shared by the team (3 VMs, 2 networks).
    static let libvirtNode = directory.appendingPathComponent("libvirt-test-node.xml").path
}

/// The result of running a program to completion.
struct ProcessOutput {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments`, waits, and returns its output. Throws when it
/// cannot be started (a missing tool fails the test loudly).
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe()
    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("vtin-stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errorFile) }
    process.standardOutput = out
    process.standardError = try FileHandle(forWritingTo: errorFile)
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessOutput(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")
}

/// The absolute path of a tool in /usr/bin or /bin; fails the test when missing.
func tool(_ name: String) throws -> String {
    for directory in ["/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin"] {
        let candidate = directory + "/" + name
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw ToolMissing(name: name)
}

struct ToolMissing: Error, CustomStringConvertible {
    var name: String
    var description: String { "\(name) is not installed (scripts/install-deps.sh test installs it)" }
}
