import Foundation
import TestSupport
import Testing

/// The getting-started code of the libraries' DocC catalogs lives in `Snippets/`, which
/// `swift build --build-tests` builds next to `tapctl`. These tests run each snippet on the bundled
/// sample data and compare what it prints with what the peer-checked `tapctl` commands say
/// (`pcap stats` is compared with tshark in PcapStatsTsharkTests), so a snippet that stops
/// compiling or drifts from the library fails here.
@Suite struct SnippetTests {
    static let capture = ExternalTool.repositoryRoot.appendingPathComponent("Samples/sample.pcapng").path
    static let policy = ExternalTool.repositoryRoot.appendingPathComponent("Samples/sample-policy.yaml").path

    /// The snippet executable `name`, built next to tapctl.
    static func snippet(_ name: String) throws -> String {
        let path = URL(fileURLWithPath: try ExternalTool.tapctl).deletingLastPathComponent()
            .appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ToolMissing(description: "snippet \(name) is not built at \(path): run `swift build --build-tests`")
        }
        return path
    }

    /// Runs a snippet and returns its `key=value` words.
    static func run(_ name: String, _ arguments: [String]) throws -> (lines: [String], values: [String: Int]) {
        let result = try ExternalTool.run(try snippet(name), arguments)
        #expect(result.status == 0, "\(name): \(result.standardError)")
        var values: [String: Int] = [:]
        for word in result.standardOutput.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = word.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Int(parts[1]) { values[String(parts[0])] = value }
        }
        return (result.standardOutput.split(separator: "\n").map(String.init), values)
    }

    static func tapctlJSON(_ arguments: [String]) throws -> [String: Any] {
        let result = try ExternalTool.run(try ExternalTool.tapctl, arguments)
        #expect(result.status == 0, "tapctl \(arguments): \(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func readCaptureCountsWhatPcapStatsCounts() throws {
        let (_, values) = try Self.run("ReadCapture", [Self.capture])
        let stats = try Self.tapctlJSON(["pcap", "stats", Self.capture, "--json", "--malformed-limit", "1000"])
        #expect(values["frames"] == stats["frames"] as? Int)
        #expect(values["malformed"] == (stats["malformedFrames"] as? [Any])?.count)
        #expect((values["tcp"] ?? 0) > 0 && (values["udp"] ?? 0) > 0)
    }

    @Test func matchCaptureAndTapCaptureAgreeWithTheTapCommand() throws {
        let folder = try ExternalTool.temporaryDirectory("vtsn-tap")
        defer { try? FileManager.default.removeItem(at: folder) }
        let encapsulated = folder.appendingPathComponent("snippet.pcap").path
        let (lines, values) = try Self.run("TapCapture", [Self.policy, Self.capture, encapsulated])
        let statsPath = folder.appendingPathComponent("stats.json").path
        let tap = try ExternalTool.run(
            try ExternalTool.tapctl,
            [
                "tap", "--read", Self.capture, "--policy", Self.policy, "--write-encap",
                folder.appendingPathComponent("tapctl.pcap").path, "--stats-json", statsPath,
            ]
        )
        #expect(tap.status == 0, "\(tap.standardError)")
        let stats = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statsPath))) as? [String: Any]
        )
        let destinations = try #require(stats["destinations"] as? [[String: Any]])
        #expect(destinations.count == 4)
        for destination in destinations {
            let name = try #require(destination["name"] as? String)
            let counters = try #require(destination["counters"] as? [String: Any])
            let line = try #require(lines.first { $0.hasPrefix(name + " ") }, "no line for \(name)")
            #expect(
                line == "\(name) packets=\(counters["packets"] as? Int ?? -1) bytes=\(counters["bytes"] as? Int ?? -1)"
            )
        }
        #expect(values["frames"] == 1500)

        // MatchCapture counts decoded frames only; every frame it counts for a rule was sent.
        let (matched, _) = try Self.run("MatchCapture", [Self.policy, Self.capture])
        #expect(matched.contains { $0.hasPrefix("web-to-ids=") } && matched.contains { $0.hasPrefix("smb-to-dlp=") })
        let tapped = values["tapped"] ?? 0
        let matchedTotal = matched.compactMap { Int($0.split(separator: "=").last ?? "") }.reduce(0, +)
        #expect(matchedTotal > 0 && matchedTotal <= tapped)
    }

    @Test func exportFlowsCarriesEveryDecodedIPPacket() throws {
        let (_, values) = try Self.run("ExportFlows", [Self.capture])
        let stats = try Self.tapctlJSON(["pcap", "stats", Self.capture, "--json", "--malformed-limit", "1000"])
        let protocols = try #require(stats["protocols"] as? [String: Any])
        let ipFrames = (protocols["ipv4"] as? Int ?? 0) + (protocols["ipv6"] as? Int ?? 0)
        let malformed = (stats["malformedFrames"] as? [Any])?.count ?? 0
        // Every IP frame that decodes is metered; the sample's malformed frames are all IP frames.
        #expect(values["packets"] == ipFrames - malformed)
        #expect((values["flows"] ?? 0) > 0 && (values["datagrams"] ?? 0) > 0)
    }

    /// The kernel delivers every datagram of one sendmmsg batch on loopback, byte for byte.
    @Test func loopbackBatchGetsBackWhatItSent() throws {
        let (_, values) = try Self.run("LoopbackBatch", ["40"])
        #expect(values["sent"] == 40 && values["dropped"] == 0 && values["failed"] == 0)
        #expect(values["received"] == 40)
        // "datagram 0" ... "datagram 39": 10 bytes for 0-9, 11 for 10-39.
        #expect(values["bytes"] == 10 * 10 + 30 * 11)
    }

    /// vnet0 exists on both hosts of the estate: each resolves to its own VM and nothing conflicts.
    @Test func loadInventoryShowsThePerHostInterfaces() throws {
        let estate = ExternalTool.repositoryRoot.appendingPathComponent("Tests/InventoryTests/Fixtures/estate.yaml")
            .path
        let (lines, _) = try Self.run("LoadInventory", [estate])
        #expect(lines.contains { $0.hasPrefix("web-1 host=host-a ") && $0.contains("@vnet0") })
        #expect(lines.contains { $0.hasPrefix("web-2 host=host-b ") && $0.contains("@vnet0") })
        #expect(!lines.contains { $0.hasPrefix("conflict:") })
    }

    /// The snippet's database is the console's: the first run stores revision 1, `tapctl console
    /// policy submit` stores revision 2 in the same SQLite file, and the second run finds it current.
    @Test func storePolicyRevisionSharesTheConsolesDatabase() throws {
        let folder = try ExternalTool.temporaryDirectory("vtsn-store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("console.sqlite").path
        let policyBytes = try Data(contentsOf: URL(fileURLWithPath: Self.policy)).count
        let (first, firstValues) = try Self.run("StorePolicyRevision", [database, Self.policy])
        #expect(first.first == "current=none")
        #expect(firstValues["stored"] == 1 && firstValues["bytes"] == policyBytes && firstValues["audit"] == 1)
        #expect((firstValues["rules"] ?? 0) > 0)

        let submit = try ExternalTool.run(
            try ExternalTool.tapctl,
            ["console", "policy", "submit", Self.policy, "--db", database]
        )
        #expect(submit.status == 0, "\(submit.standardError)")
        #expect(submit.standardOutput.hasPrefix("policy revision 2 is current"))

        let (second, secondValues) = try Self.run("StorePolicyRevision", [database, Self.policy])
        #expect(second.first?.hasPrefix("current=2 author=cli:") == true)
        #expect(secondValues["stored"] == 3 && secondValues["audit"] == 3)
    }

    /// An agent enrolled through the console's HTTP API receives the submitted policy (every byte,
    /// every destination), its heartbeat makes it `connected` with that bundle applied, and asking
    /// again with the bundle's revision answers "not modified".
    @Test func enrollAgentGetsThePolicyItWasGiven() throws {
        let folder = try ExternalTool.temporaryDirectory("vtsn-agent")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (lines, values) = try Self.run("EnrollAgent", [Self.policy, folder.path])
        let policyBytes = try Data(contentsOf: URL(fileURLWithPath: Self.policy)).count
        #expect(values["policyRevision"] == 1 && values["stored"] == 1)
        #expect(values["policyBytes"] == policyBytes)
        #expect(values["destinations"] == 4)  // ids, dlp, forensics, analyzer
        let bundle = try #require(lines.first { $0.hasPrefix("bundle=") }?.split(separator: " ").first?.dropFirst(7))
        #expect(lines.contains("agent=host-a applied=\(bundle) status=connected"))
        #expect(lines.contains("stored=1 unchanged=true"))
        let credential = folder.appendingPathComponent("agent/credential.json").path
        let mode = try FileManager.default.attributesOfItem(atPath: credential)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    /// tshark reads the snippet's output and finds, per destination address, as many packets as
    /// the snippet says it wrote for that destination (the sample's inner traffic never uses these
    /// documentation addresses, so a filter on the address counts the outer headers only).
    @Test(.tags(.interop), .interopTier) func tsharkCountsTheSnippetsTunnelPackets() throws {
        let folder = try ExternalTool.temporaryDirectory("vtsn-tshark")
        defer { try? FileManager.default.removeItem(at: folder) }
        let encapsulated = folder.appendingPathComponent("snippet.pcap").path
        let (lines, _) = try Self.run("TapCapture", [Self.policy, Self.capture, encapsulated])
        let addresses = [
            "ids": "ip.dst == 192.0.2.10", "dlp": "ip.dst == 192.0.2.11", "forensics": "ipv6.dst == 2001:db8::12",
            "analyzer": "ip.dst == 192.0.2.13",
        ]
        for (name, filter) in addresses {
            let line = try #require(lines.first { $0.hasPrefix(name + " packets=") }, "no line for \(name)")
            let written = line.split(separator: " ")[1].dropFirst("packets=".count)
            let counted = try ExternalTool.run(
                "tshark",
                ["-r", encapsulated, "-Y", filter, "-T", "fields", "-e", "frame.number"]
            )
            #expect(counted.status == 0, "\(counted.standardError)")
            #expect(String(counted.standardOutput.split(separator: "\n").count) == written, "\(name): \(filter)")
        }
    }
}
