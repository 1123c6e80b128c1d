import Foundation
import TestSupport
import Testing

/// Runs the independent peers (tshark, nfcapd, nfdump, softflowd, gen_pcap.py)
/// for the interop tests. A missing tool fails the test loudly.
enum PeerTools {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func path(of tool: String) throws -> String {
        for dir in ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin", "/sbin"] {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw PeerError("\(tool) is not installed (scripts/install-deps.sh test installs it)")
    }

    /// Runs a tool to completion (in UTC) and returns its output, through
    /// `ExternalTool.run`, which sends output to files so no pipe can fill up.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        var env = ["TZ": "UTC"]
        for (k, v) in environment { env[k] = v }
        let result = try ExternalTool.run(try path(of: tool), arguments, environment: env)
        return Output(status: result.status, stdout: result.standardOutput, stderr: result.standardError)
    }

    /// Starts a long-running tool (nfcapd); the caller stops it.
    /// Foundation spawns children with the calling thread's blocked signal
    /// mask, so a daemon would never see SIGTERM: a python3 trampoline clears
    /// the mask before exec'ing the tool.
    static func start(_ tool: String, _ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(of: "python3"))
        let unblock =
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])"
        process.arguments = ["-c", unblock, try path(of: tool)] + arguments
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    static func temporaryDirectory(_ tag: String) throws -> String {
        let path = NSTemporaryDirectory() + "vtnf-\(tag)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A UDP port that was free a moment ago (bound to 127.0.0.1:0 and released).
    static func freeUDPPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The repository's capture generator, tools/gen_pcap.py.
    static func generator() throws -> String {
        let path = ExternalTool.genPcap
        guard FileManager.default.fileExists(atPath: path) else { throw PeerError("cannot find \(path)") }
        return path
    }
}

struct PeerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// nfcapd on 127.0.0.1 with a random port and a temporary folder.
final class Nfcapd {
    let port: Int
    let directory: String
    let logPath: String
    private let process: Process

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    init() throws {
        directory = try PeerTools.temporaryDirectory("nfcapd")
        port = PeerTools.freeUDPPort()
        logPath = directory + ".log"
        process = try PeerTools.start(
            "nfcapd",
            ["-b", "127.0.0.1", "-p", "\(port)", "-w", directory, "-B", "8000000"],
            log: logPath
        )
        try SocketTable.waitUntilBound(.udp, local: "127.0.0.1:\(port)")
    }

    /// Stops nfcapd (it writes its file on exit) and returns every flow as
    /// (start ms, end ms, protocol, packets, bytes, source address).
    func stopAndDump() throws -> [NfdumpFlow] {
        try SocketTable.waitUntilDrained(.udp, local: "127.0.0.1:\(port)")
        stop()
        // `-o raw` prints epoch milliseconds exactly (the fmt %ter of nfdump 1.7.1 misprints some).
        let out = try PeerTools.run("nfdump", ["-R", directory, "-o", "raw", "-q"])
        let flows = out.stdout.components(separatedBy: "Flow Record:").compactMap(NfdumpFlow.init(raw:))
        guard !flows.isEmpty else {
            throw PeerError(
                "nfdump found no flows: \(out.stdout.prefix(300)) \(out.stderr.prefix(300)); nfcapd said: \(log)"
            )
        }
        return flows
    }

    /// nfdump's own top talkers: `-s srcip/bytes -n N`.
    func topTalkersByBytes(_ n: Int) throws -> [(address: String, bytes: UInt64)] {
        let out = try PeerTools.run(
            "nfdump",
            ["-R", directory, "-s", "srcip/bytes", "-n", "\(n)", "-o", "csv", "-N", "-q"]
        )
        return out.stdout.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard f.count > 9, let bytes = UInt64(f[9]) else { return nil }
            return (f[4], bytes)
        }
    }

    /// SIGTERM (nfcapd flushes its file and exits), SIGKILL after 5 s.
    func stop() {
        process.stop(signal: SIGTERM, timeout: 5)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: logPath)
    }
}

/// One flow of `nfdump -o raw`.
struct NfdumpFlow {
    var start: Int64
    var end: Int64
    var proto: Int
    var packets: UInt64
    var bytes: UInt64
    var source: String
    var destination = ""
    var sourcePort: UInt16 = 0
    var destinationPort: UInt16 = 0

    init?(raw block: String) {
        var fields: [String: String] = [:]
        for line in block.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            fields[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        func number(_ key: String) -> String? { fields[key]?.split(separator: " ").first.map(String.init) }
        guard let s = number("first").flatMap(Int64.init), let e = number("last").flatMap(Int64.init),
            let p = number("proto").flatMap(Int.init), let k = number("in packets").flatMap(UInt64.init),
            let b = number("in bytes").flatMap(UInt64.init), let a = fields["src addr"]
        else { return nil }
        (start, end, proto, packets, bytes, source) = (s, e, p, k, b, a)
        destination = fields["dst addr"] ?? ""
        sourcePort = number("src port").flatMap(UInt16.init) ?? 0
        destinationPort = number("dst port").flatMap(UInt16.init) ?? 0
    }
}

/// A UDP socket on 127.0.0.1 that keeps every datagram it receives, so one
/// peer export can be replayed, byte for byte, to several collectors.
final class DatagramRecorder {
    let port: Int
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        self.fd = fd
        var size: Int32 = 16 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 0, tv_usec: 300_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        guard bound == 0 else { throw PeerError("cannot bind a UDP socket on 127.0.0.1") }
    }

    /// Every datagram queued so far (returns after 300 ms without one).
    func drain() -> [[UInt8]] {
        var result: [[UInt8]] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return result }
            result.append(Array(buffer[0..<n]))
        }
    }

    deinit { close(fd) }
}
