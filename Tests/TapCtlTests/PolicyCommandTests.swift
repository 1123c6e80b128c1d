import Foundation
import TestSupport
import Testing

/// Runs the real `tapctl` binary on policy files, as users and scripts do.
@Suite struct PolicyCommandTests {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let brokenFiles =
        (try? FileManager.default.contentsOfDirectory(
            at: testsFolder.appendingPathComponent("PolicyTests/BrokenPolicies"),
            includingPropertiesForKeys: nil
        ))?
        .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path } ?? []
    static let example = testsFolder.appendingPathComponent("PolicyTests/Policies/example.yaml").path
    static let inventory = "file:" + testsFolder.appendingPathComponent("PolicyTests/Policies/vms.yaml").path

    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let result = try ExternalTool.run(try ExternalTool.tapctl, arguments, environment: environment)
        return Run(status: result.status, out: result.standardOutput, err: result.standardError)
    }

    static func generate(_ tool: String, _ arguments: [String]) throws {
        let result = try ExternalTool.run(tool, arguments)
        guard result.status == 0 else { throw ToolMissing(description: "\(tool) failed: \(result.standardError)") }
    }

    /// Decoding and matching 20,000 more frames must not allocate: the allocation count
    /// (an LD_PRELOAD counter around malloc) of a 40,000-frame run stays within a few
    /// one-time allocations of a 20,000-frame run, with a 1,000-rule policy.
    @Test func matchingAllocatesNothingPerPacket() throws {
        let folder = try ExternalTool.temporaryDirectory("vtpo-alloc")
        defer { try? FileManager.default.removeItem(at: folder) }
        let counter = folder.appendingPathComponent("count.so").path
        try Self.generate(
            "cc",
            [
                "-shared", "-fPIC", "-O2", "-o", counter,
                Self.testsFolder.appendingPathComponent("Support/malloc-count.c").path,
            ]
        )
        let policy = folder.appendingPathComponent("p1000.yaml").path
        try Self.generate(
            "python3",
            [
                Self.testsFolder.deletingLastPathComponent().appendingPathComponent("Benchmarks/policy/make-policy.py")
                    .path,
                "--rules", "1000", "--out", policy,
            ]
        )
        var counts: [Int] = []
        for frames in [20_000, 40_000] {
            let capture = try ExternalTool.generateCapture(
                in: folder,
                name: "c\(frames).pcap",
                arguments: ["--packets", "\(frames)", "--seed", "1"]
            )
            let run = try Self.run(
                ["policy", "explain", policy, "--read", capture, "--summary"],
                environment: ["LD_PRELOAD": counter]
            )
            let line = try #require(run.err.split(separator: "\n").first { $0.hasPrefix("vt-malloc-count=") })
            counts.append(Int(line.dropFirst("vt-malloc-count=".count))!)
        }
        #expect(counts[1] - counts[0] < 100, "allocations: \(counts) for 20,000 and 40,000 frames")
    }

    @Test func corpusIsThere() { #expect(Self.brokenFiles.count >= 20) }

    @Test(arguments: brokenFiles)
    func checkRejectsBrokenPolicyWithOneLocatedLine(file: URL) throws {
        let run = try Self.run(["policy", "check", file.path])
        #expect(run.status == 1, "tapctl must fail with status 1, not crash, on \(file.lastPathComponent)")
        let lines = run.err.split(separator: "\n")
        #expect(lines.count == 1, "\(run.err)")
        let header = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").first ?? ""
        let place = header.split(separator: " ")[2]
        // One prefix: ArgumentParser's "Error: ", then the place (no second "error:").
        #expect(run.err.hasPrefix("Error: \(file.path):\(place): ") && !run.err.contains(": error: "), "\(run.err)")
        let json = try Self.run(["policy", "check", file.path, "--json"])
        #expect(json.status != 0 && json.out.contains("\"valid\" : false"))
    }

    @Test func checkAcceptsTheExampleAndPrintsJSON() throws {
        let run = try Self.run(["policy", "check", Self.example, "--inventory", Self.inventory, "--json"])
        #expect(run.status == 0, "\(run.err)")
        let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as! [String: Any]
        #expect(object["valid"] as? Bool == true)
        #expect((object["destinations"] as? [Any])?.count == 5 && (object["rules"] as? [Any])?.count == 4)
        let strict = try Self.run(["policy", "check", Self.example, "--strict"])  // vm rule without a map: a warning
        #expect(strict.status != 0 && strict.err.contains("--strict"))
    }

    @Test func explainShowsTheRuleAndDestinationsPerFrame() throws {
        let folder = try ExternalTool.temporaryDirectory("vtpo-explain")
        defer { try? FileManager.default.removeItem(at: folder) }
        let capture = try ExternalTool.generateCapture(
            in: folder,
            name: "c.pcap",
            arguments: ["--packets", "3000", "--seed", "1"]
        )

        let all = try Self.run(["policy", "explain", Self.example, "--read", capture])
        #expect(all.status == 0)
        let lines = all.out.split(separator: "\n")
        #expect(lines.count == 3000)
        let dns = try #require(lines.first { $0.contains("dns-out") })
        #expect(dns.contains(".53 udp") && dns.hasSuffix("send dlp"))

        let number = Int(dns.split(separator: ":")[0].dropFirst("frame ".count))!
        let one = try Self.run(["policy", "explain", Self.example, "--read", capture, "--frame", "\(number)", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(one.out.utf8)) as! [String: Any]
        #expect(object["rule"] as? String == "dns-out" && object["destinations"] as? [String] == ["dlp"])

        let summary = try Self.run(["policy", "explain", Self.example, "--read", capture, "--summary", "--json"])
        let report = try JSONSerialization.jsonObject(with: Data(summary.out.utf8)) as! [String: Any]
        let rows = report["rules"] as! [[String: Any]]
        let dnsHits = rows.first { $0["rule"] as? String == "dns-out" }?["packets"] as? Int
        #expect(dnsHits == lines.filter { $0.contains("-> dns-out") }.count)
        #expect(rows.reduce(0) { $0 + ($1["packets"] as! Int) } == 3000)

        let missing = try Self.run(["policy", "explain", Self.example, "--read", capture, "--frame", "999999"])
        #expect(missing.status != 0 && missing.err.contains("no frame 999999"))
    }
}
