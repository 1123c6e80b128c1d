import Foundation
import GRE
import PacketCore
import TestSupport

/// Two network namespaces joined by a veth pair, for tests that need the
/// kernel as a peer. Names start with `vtgr`, addresses are 198.18.<subnet>.1
/// (side A) and .2 (side B); everything is deleted when `close()` runs
/// (tests call it in a `defer`, so also on failure).
final class NamespaceLab {
    let tag: String
    let subnet: Int
    var namespaceA: String { "vtgr\(tag)a" }
    var namespaceB: String { "vtgr\(tag)b" }
    var vethA: String { "vtgr\(tag)va" }
    var vethB: String { "vtgr\(tag)vb" }
    var addressA: String { "198.18.\(subnet).1" }
    var addressB: String { "198.18.\(subnet).2" }
    let directory: URL

    init(tag: String, subnet: Int) throws {
        self.tag = tag
        self.subnet = subnet
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vtgr-\(tag)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        deleteNamespaces()  // leftovers of an interrupted run
        try ip(["netns", "add", namespaceA])
        try ip(["netns", "add", namespaceB])
        for namespace in [namespaceA, namespaceB] {
            try run(
                namespace,
                ["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"]
            )
            try run(namespace, ["ip", "link", "set", "lo", "up"])
        }
        try ip(["link", "add", vethA, "netns", namespaceA, "type", "veth", "peer", "name", vethB, "netns", namespaceB])
        try run(namespaceA, ["ip", "addr", "add", "\(addressA)/24", "dev", vethA])
        try run(namespaceB, ["ip", "addr", "add", "\(addressB)/24", "dev", vethB])
        try run(namespaceA, ["ip", "link", "set", vethA, "up"])
        try run(namespaceB, ["ip", "link", "set", vethB, "up"])
    }

    func close() {
        deleteNamespaces()
        try? FileManager.default.removeItem(at: directory)
    }

    private func deleteNamespaces() {
        _ = try? ExternalTool.run("/usr/sbin/ip", ["netns", "del", namespaceA])
        _ = try? ExternalTool.run("/usr/sbin/ip", ["netns", "del", namespaceB])
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @discardableResult
    func ip(_ arguments: [String]) throws -> ExternalTool.Result {
        try check(ExternalTool.run("/usr/sbin/ip", arguments), "ip \(arguments.joined(separator: " "))")
    }

    /// Runs `command` inside `namespace` and fails unless it exits 0.
    @discardableResult
    func run(_ namespace: String, _ command: [String]) throws -> ExternalTool.Result {
        try check(
            ExternalTool.run("/usr/sbin/ip", ["netns", "exec", namespace] + command),
            command.joined(separator: " ")
        )
    }

    /// Starts `command` inside `namespace` in the background.
    func start(_ namespace: String, _ command: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["netns", "exec", namespace] + command
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        return process
    }

    private func check(_ output: ExternalTool.Result, _ what: String) throws -> ExternalTool.Result {
        guard output.status == 0 else {
            throw LabFailure(message: "\(what) exited \(output.status): \(output.standardError)")
        }
        return output
    }

    struct LabFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The tapctl built next to the tests (running a missing one fails the test).
    static var tapctl: String { (try? ExternalTool.tapctl) ?? "/nonexistent/tapctl (run swift build --build-tests)" }

    /// Waits for `process` to exit, at most `seconds`; terminates it after that.
    static func wait(_ process: Process, seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

/// Writes frames to an Ethernet pcap and reads every frame of a capture back.
enum CaptureFiles {
    static func write(
        _ frames: [[UInt8]],
        to path: String,
        linkType: LinkType = .ethernet,
        timestamps: [CaptureTimestamp]? = nil
    ) throws {
        let writer = try PcapWriter(path: path, header: PcapFileHeader(linkType: linkType, nanosecond: true))
        for (index, frame) in frames.enumerated() {
            let timestamp =
                timestamps?[index] ?? CaptureTimestamp(seconds: 1_700_000_000 + Int64(index), nanoseconds: 500)
            try writer.write(frame, timestamp: timestamp)
        }
        try writer.close()
    }

    static func read(_ path: String) throws -> [(record: CaptureRecord, frame: [UInt8])] {
        let reader = try CaptureFileReader(path: path)
        var frames: [(CaptureRecord, [UInt8])] = []
        while let record = try reader.next() { frames.append((record, reader.currentFrame())) }
        return frames
    }
}
