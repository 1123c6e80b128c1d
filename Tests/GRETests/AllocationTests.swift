import Foundation
import TestSupport
import Testing

/// No allocation per frame on the encapsulation, decapsulation and tap paths:
/// the allocation count (Tests/Support/malloc-count.c, an LD_PRELOAD counter
/// around malloc) of a run over 3× the frames stays within a few one-time
/// allocations of the smaller run.
@Suite(.tags(.namespaceLab), .namespaceLabTier) final class AllocationTests {
    let directory: URL
    let counter: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vtgr-alloc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        counter = directory.appendingPathComponent("count.so").path
        let tests = TapCommandTests.root.appendingPathComponent("Tests")
        let cc = try ExternalTool.run(
            "/usr/bin/cc",
            [
                "-shared", "-fPIC", "-O2", "-o", counter,
                tests.appendingPathComponent("Support/malloc-count.c").path,
            ]
        )
        #expect(cc.status == 0, "\(cc.standardError)")
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Runs tapctl under the counter and returns the allocations it made.
    func allocations(_ arguments: [String]) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ExternalTool.tapctl)
        process.arguments = arguments
        process.environment = ["LD_PRELOAD": counter]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "tapctl \(arguments.joined(separator: " ")): \(text)")
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("vt-malloc-count=") })
        return Int(line.dropFirst("vt-malloc-count=".count))!
    }

    func capture(frames: Int) throws -> String {
        try ExternalTool.generateCapture(
            in: directory,
            name: "c\(frames).pcap",
            arguments: ["--packets", "\(frames)", "--seed", "1"]
        )
    }

    @Test func encapsulatingDecapsulatingAndTappingAllocateNothingPerFrame() throws {
        var encap: [Int] = []
        var decap: [Int] = []
        var tap: [Int] = []
        for frames in [4_000, 12_000] {
            let input = try capture(frames: frames)
            let encapsulated = path("e\(frames).pcap")
            encap.append(
                try allocations([
                    "encap", "--read", input, "--source", "198.18.0.1", "--write-encap", encapsulated,
                    "--to", "gre:198.18.0.2,key=1,seq,csum", "--to", "erspan2:198.18.0.2,session=2,snap=128",
                    "--to", "erspan3:198.18.0.2,session=3", "--to", "vxlan:198.18.0.2,vni=4,fragment,mtu=1000",
                    "--to", "gre-udp:198.18.0.2,key=5",
                ])
            )
            decap.append(
                try allocations(["decap", "--read", encapsulated, "--write", path("d\(frames).pcapng"), "--dedup"])
            )
            tap.append(
                try allocations([
                    "tap", "--read", input, "--policy", TapCommandTests.samplePolicy,
                    "--write-encap", path("t\(frames).pcap"),
                ])
            )
        }
        #expect(encap[1] - encap[0] < 100, "encap allocations: \(encap) for 4,000 and 12,000 frames")
        #expect(decap[1] - decap[0] < 100, "decap allocations: \(decap) for 4,000 and 12,000 frames")
        #expect(tap[1] - tap[0] < 100, "tap allocations: \(tap) for 4,000 and 12,000 frames")
    }
}
