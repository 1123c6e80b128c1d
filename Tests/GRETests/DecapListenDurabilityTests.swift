import Foundation
import TestSupport
import Testing

/// `tapctl decap --listen` on loopback (GRE-in-UDP, no root): what a killed receiver leaves in its
/// file, and the loss a restarted receiver reports. The frames come from an independent sender
/// (a Python script with its own GRE and IPv4 encoding) and the file is read back with tshark.
@Suite(.tags(.interop), .interopTier) final class DecapListenDurabilityTests {
    let directory: URL
    let sender: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vtgr-durable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        sender = directory.appendingPathComponent("send_gre_udp.py").path
        try Self.senderScript.write(toFile: sender, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Sends GRE-in-UDP (sequence numbers first...first+count-1, inner IPv4 identification = the
    /// number) from `sourcePort` to 127.0.0.1:`port`, one frame every `interval` seconds, and
    /// prints "NUMBER UNIX_TIME" per frame sent.
    static let senderScript = """
        import socket, struct, sys, time
        port, source_port, first, count, interval = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
        def checksum(header):
            total = sum(struct.unpack('!10H', header))
            while total >> 16:
                total = (total & 0xFFFF) + (total >> 16)
            return ~total & 0xFFFF
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(('127.0.0.1', source_port))
        for number in range(first, first + count):
            payload = struct.pack('!I', number) * 8
            udp = struct.pack('!HHHH', 40000, 9, 8 + len(payload), 0) + payload
            ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), number & 0xFFFF, 0, 64, 17, 0,
                             bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
            ip = ip[:10] + struct.pack('!H', checksum(ip)) + ip[12:]
            frame = bytes.fromhex('020000000002020000000001') + b'\\x08\\x00' + ip + udp
            gre = struct.pack('!HHI', 0x1000, 0x6558, number)   # S bit, transparent Ethernet, sequence
            s.sendto(gre + frame, ('127.0.0.1', port))
            print(number, repr(time.time()), flush=True)
            time.sleep(interval)  # paced: the send times are what the checks compare with
        """

    /// A free UDP port on loopback (bound and released; the receiver binds it right after).
    static func freePort() throws -> UInt16 {
        let result = try ExternalTool.run(
            "/usr/bin/python3",
            [
                "-c",
                "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
            ]
        )
        return try #require(UInt16(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    func startReceiver(port: UInt16, output: String, state: String) throws -> (Process, URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ExternalTool.tapctl)
        process.arguments = [
            "decap", "--listen", "gre-udp:127.0.0.1:\(port)", "--write", output,
            "--sequence-state", state, "--json",
        ]
        let report = directory.appendingPathComponent("report-\(UUID().uuidString).json")
        _ = FileManager.default.createFile(atPath: report.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: report)
        process.standardError = FileHandle.nullDevice
        try process.run()
        try SocketTable.waitUntilBound(.udp, local: "127.0.0.1:\(port)")
        return (process, report)
    }

    /// Runs the sender and returns (number, send time) per frame.
    func send(port: UInt16, sourcePort: UInt16, first: Int, count: Int, interval: Double) throws -> [(Int, Double)] {
        let result = try ExternalTool.run(
            "/usr/bin/python3",
            [sender, "\(port)", "\(sourcePort)", "\(first)", "\(count)", "\(interval)"]
        )
        #expect(result.status == 0, "\(result.standardError)")
        return result.standardOutput.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 2, let number = Int(fields[0]), let time = Double(fields[1]) else { return nil }
            return (number, time)
        }
    }

    /// The inner IPv4 identifications tshark reads from `file` (a cut last record is tolerated).
    func identifications(in file: String) throws -> Set<Int> {
        let result = try ExternalTool.run("/usr/bin/tshark", ["-r", file, "-T", "fields", "-e", "ip.id"])
        return Set(result.standardOutput.split(separator: "\n").compactMap { Int($0.dropFirst(2), radix: 16) })
    }

    @Test func aKilledReceiverLeavesEveryFrameOlderThanOneSecondInItsFile() throws {
        let port = try Self.freePort()
        let output = path("killed.pcap")
        let (receiver, _) = try startReceiver(port: port, output: output, state: path("killed.seqstate"))
        // About 500 frames over 2.5 s, then SIGKILL without a moment's pause.
        let sent = try send(port: port, sourcePort: 0, first: 1, count: 500, interval: 0.005)
        let killed = Date().timeIntervalSince1970
        kill(receiver.processIdentifier, SIGKILL)
        receiver.waitUntilExit()
        #expect(sent.count == 500)
        let old = sent.filter { $0.1 < killed - 1.0 }.map(\.0)
        #expect(old.count > 100, "the sender took \(sent.last.map { $0.1 - sent[0].1 } ?? 0) s")
        let written = try identifications(in: output)
        let missing = old.filter { !written.contains($0) }
        #expect(
            missing.isEmpty,
            "\(missing.count) of \(old.count) frames sent more than 1 s before the kill are missing"
        )
    }

    @Test func aRestartedReceiverCountsTheFramesSentWhileItWasDownAsLost() throws {
        let port = try Self.freePort()
        let sourcePort = try Self.freePort()
        let state = path("restart.seqstate")
        let (first, _) = try startReceiver(port: port, output: path("before.pcapng"), state: state)
        let sent = try send(port: port, sourcePort: sourcePort, first: 1, count: 100, interval: 0.002)
        // The state is saved within a second of the last frame: wait for a save after it.
        let lastFrame = Date(timeIntervalSince1970: sent.last?.1 ?? Date().timeIntervalSince1970)
        try Poll.until("the sequence state saved after the last frame", timeout: 5) {
            let saved = try? FileManager.default.attributesOfItem(atPath: state)[.modificationDate] as? Date
            return (saved ?? .distantPast) > lastFrame
        }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        // Sent while no receiver listens.
        let down = try send(port: port, sourcePort: sourcePort, first: 101, count: 37, interval: 0.001)
        #expect(down.count == 37)
        let (second, report) = try startReceiver(port: port, output: path("after.pcapng"), state: state)
        _ = try send(port: port, sourcePort: sourcePort, first: 138, count: 50, interval: 0.002)
        try SocketTable.waitUntilDrained(.udp, local: "127.0.0.1:\(port)")
        kill(second.processIdentifier, SIGTERM)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        let sources = try #require(json["sources"] as? [[String: Any]])
        #expect(sources.count == 1)
        #expect(sources.first?["lost"] as? Int == down.count, "\(sources)")
        #expect(sources.first?["frames"] as? Int == 50)
        // tshark sees the 50 frames after the restart, numbered 138...187.
        #expect(try identifications(in: path("after.pcapng")) == Set(138..<188))
    }
}
