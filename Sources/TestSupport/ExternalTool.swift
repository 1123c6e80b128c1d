import Foundation

/// Test support (not a product): runs the peers the tests compare against
/// (tshark, tcpdump, editcap, gen_pcap.py, ip) and the built `tapctl`.
public enum ExternalTool {
    /// What a finished process left: its exit status and its whole output.
    public struct Result: Sendable {
        /// The exit status (`Process.terminationStatus`: the signal number when a signal ended it).
        public var status: Int32
        /// Everything written to standard output, decoded as UTF-8 (invalid bytes replaced).
        public var standardOutput: String
        /// Everything written to standard error, decoded as UTF-8 (invalid bytes replaced).
        public var standardError: String
    }

    /// Runs `executable` (a path, or a name looked up in PATH) and waits.
    /// A missing tool is a test failure, never a skip.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // Output goes to files: no pipe can fill up and block the child.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vtfd-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: outURL)
        let errData = try Data(contentsOf: errURL)
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self)
        )
    }

    /// The `tapctl` built next to this test bundle (`swift build --build-tests` builds it).
    public static var tapctl: String {
        get throws {
            let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            let path = URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("tapctl").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw ToolMissing(description: "tapctl is not built at \(path): run `swift build --build-tests` first")
            }
            return path
        }
    }

    /// The repository's root folder (the one holding Package.swift), found from
    /// this file's place: `<root>/Sources/TestSupport/ExternalTool.swift`.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The repository's `tools/gen_pcap.py`, or `VTAP_GEN_PCAP` when set.
    public static var genPcap: String {
        ProcessInfo.processInfo.environment["VTAP_GEN_PCAP"]
            ?? repositoryRoot.appendingPathComponent("tools/gen_pcap.py").path
    }

    /// The repository's `tools/craft_packets.py`.
    public static var craftPackets: String { repositoryRoot.appendingPathComponent("tools/craft_packets.py").path }

    /// Generates a capture with gen_pcap.py and returns its path.
    public static func generateCapture(in directory: URL, name: String, arguments: [String]) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let result = try run("python3", [genPcap, "--out", path] + arguments)
        guard result.status == 0 else {
            throw ToolMissing(description: "gen_pcap.py failed (\(result.status)): \(result.standardError)")
        }
        return path
    }

    /// Starts `command` inside network namespace `namespace` in the background, its output (both
    /// streams) to `log`, with `environment` added to the test's. The child starts with no signal
    /// blocked (children inherit the test thread's blocked signals), so SIGINT/SIGTERM stop it.
    public static func startInNamespace(
        _ namespace: String,
        _ command: [String],
        log: String,
        environment: [String: String] = [:]
    ) throws -> Process {
        let process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        let unblock =
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execvp(sys.argv[1], sys.argv[1:])"
        process.arguments = ["netns", "exec", namespace, "/usr/bin/python3", "-c", unblock] + command
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Creates a new empty directory `<prefix>-<UUID>` in the system's temporary directory and returns it; the caller
    /// removes it.
    public static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A peer is missing or failed: tests fail loudly rather than skip.
public struct ToolMissing: Error, CustomStringConvertible {
    /// What is missing or what failed, with the tool's own message.
    public var description: String
    /// A failure saying `description`.
    public init(description: String) { self.description = description }
}
