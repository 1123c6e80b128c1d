import Foundation
import TestSupport
import Testing

@testable import TapCtlCore

/// The command line's error and help text, on the built binary: examples
/// that read as commands, refusals that say what is wrong, one `Error:`
/// prefix, and `policy check` listing every error like a compiler.
@Suite final class CommandErrorTests {
    let directory: URL

    init() throws { directory = try ExternalTool.temporaryDirectory("vttc-errors") }
    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func tapctl(_ arguments: [String]) throws -> ExternalTool.Result {
        try ExternalTool.run(ExternalTool.tapctl, arguments)
    }

    static let documented: [(command: [String], discussion: String)] = [
        (["pcap", "stats"], PcapStatsCommand.configuration.discussion),
        (["policy"], PolicyCommand.configuration.discussion),
        (["policy", "check"], PolicyCheckCommand.configuration.discussion),
        (["policy", "explain"], PolicyExplainCommand.configuration.discussion),
        (["policy", "filter"], PolicyFilterCommand.configuration.discussion),
        (["tap"], TapCommand.configuration.discussion),
        (["decap"], DecapCommand.configuration.discussion),
        (["encap"], EncapCommand.configuration.discussion),
        (["flows"], FlowsCommand.configuration.discussion),
        (["collect"], CollectCommand.configuration.discussion),
        (["inventory"], InventoryCommand.configuration.discussion),
    ]

    /// `--help` (80 columns when not on a terminal) shows every example as one whole line.
    @Test func everyHelpExampleStaysOnOneLine() throws {
        for (command, discussion) in Self.documented {
            let examples = discussion.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix("tapctl ") || $0.hasPrefix("sudo tapctl ") }
            #expect(!examples.isEmpty, "tapctl \(command.joined(separator: " ")) has no example")
            let help = try tapctl(command + ["--help"])
            let lines = Set(help.standardOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
            for example in examples {
                #expect(
                    lines.contains(example),
                    "tapctl \(command.joined(separator: " ")) --help breaks \"\(example)\""
                )
            }
        }
    }

    @Test func anOutputNameWhoseFormatIsUnknownIsRefused() throws {
        let input = path("in.pcap")
        try CaptureFiles.writeEmpty(to: input)
        for arguments in [
            ["decap", "--read", input, "--write", path("x.txt")],
            ["encap", "--read", input, "--to", "gre:192.0.2.2", "--write-encap", path("x.pcapng")],
            ["flows", "--read", input, "--write-datagrams", path("x")],
        ] {
            let result = try tapctl(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(
                result.standardError.contains(".pcap") && result.standardError.contains("follows the name"),
                "\(arguments): \(result.standardError)"
            )
            #expect(!FileManager.default.fileExists(atPath: arguments.last!), "\(arguments) wrote its output")
        }
    }

    /// A device has no extension: /dev/null is written as pcap (benchmarks and dry runs use it).
    @Test func aDeviceIsAcceptedAsTheOutput() throws {
        let input = path("in.pcap")
        try CaptureFiles.writeEmpty(to: input)
        let result = try tapctl(["encap", "--read", input, "--to", "gre:192.0.2.2", "--write-encap", "/dev/null"])
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test func aDirectoryIsNamedAsOne() throws {
        for arguments in [["inventory", "--source", "file:\(directory.path)"], ["policy", "check", directory.path]] {
            let result = try tapctl(arguments)
            #expect(result.status != 0)
            #expect(result.standardError.contains("is a directory"), "\(arguments): \(result.standardError)")
            #expect(!result.standardError.contains("NSCocoaErrorDomain"), "\(result.standardError)")
        }
    }

    @Test func anErrorHasOnePrefix() throws {
        let policy = path("bad.yaml")
        try "destinations:\n  a: {address: 192.0.2.1, encap: gre, colour: red}\n".write(
            toFile: policy,
            atomically: true,
            encoding: .utf8
        )
        for arguments in [
            ["policy", "check", policy],
            ["tap", "--read", policy, "--policy", policy, "--write-encap", path("o.pcap")],
        ] {
            let result = try tapctl(arguments)
            #expect(result.status != 0)
            let prefixes = result.standardError.lowercased().components(separatedBy: "error:").count - 1
            #expect(prefixes == 1, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains("bad.yaml:2:"), "\(result.standardError)")
        }
    }

    @Test func policyCheckListsEveryError() throws {
        let policy = path("many.yaml")
        try """
        destinations:
          good: {address: 192.0.2.1, encap: gre}
          broken: {address: 192.0.2.2, encap: vxlan, session: 4}
        rules:
          - {name: one, match: {port: 99999}, send: [good]}
          - {name: two, match: {port: 80}, send: [broken]}
          - {name: three, match: {proto: tcp}, send: [nowhere]}
          - {name: four, match: {net: 10.0.0.0/8}, send: [good], colour: red}
        default: {send: [missing]}
        """.write(toFile: policy, atomically: true, encoding: .utf8)
        let result = try tapctl(["policy", "check", policy])
        #expect(result.status != 0)
        let lines = result.standardError.split(separator: "\n").map(String.init)
        // broken's session (line 3), rule one's port (5), rule three's destination (7), rule four's key (8), default (9);
        // rule two sends to 'broken', which is defined (in error), so it is not an error of its own.
        for line in [3, 5, 7, 8, 9] {
            #expect(
                lines.contains { $0.hasPrefix("\(policy):\(line):") && $0.contains(": error: ") },
                "line \(line): \(lines)"
            )
        }
        #expect(lines.count == 6, "\(lines)")
        #expect(lines.last?.contains("5 errors in \(policy)") == true, "\(lines)")
    }

    @Test func policyCheckShowsEachDestinationsIdentifiersAndWarnsWithoutAnMTU() throws {
        let policy = path("ids.yaml")
        try """
        destinations:
          ids: {address: 192.0.2.1, encap: gre, key: 100, sequence: true, mtu: 9000}
          overlay: {address: 192.0.2.2, encap: vxlan, vni: 42}
          ovn: {address: 192.0.2.3, encap: geneve, vni: 5}
          span: {address: 192.0.2.4, encap: erspan3, session: 7, mtu: 1500}
        rules:
          - {name: all, match: {net: 10.0.0.0/8}, send: [ids, overlay, ovn, span]}
        """.write(toFile: policy, atomically: true, encoding: .utf8)
        let result = try tapctl(["policy", "check", policy])
        #expect(result.status == 0, "\(result.standardError)")
        let out = result.standardOutput
        #expect(out.contains("destination ids: gre to 192.0.2.1, key 100, sequence, mtu 9000"), "\(out)")
        #expect(
            out.contains("destination overlay: vxlan to 192.0.2.2, vni 42, port 4789, mtu 1500 (assumed), fragment"),
            "\(out)"
        )
        #expect(out.contains("destination ovn: geneve to 192.0.2.3, vni 5, port 6081"), "\(out)")
        #expect(
            out.contains("destination span: erspan3 to 192.0.2.4, session 7, sequence, mtu 1500, truncate"),
            "\(out)"
        )
        let warnings = out.split(separator: "\n").filter { $0.contains("warning:") && $0.contains("has no mtu") }
        #expect(warnings.count == 2 && warnings.allSatisfy { $0.contains("ids.yaml:") }, "\(out)")
    }

    @Test func listeningOnAnAddressOfAnotherHostSaysSo() throws {
        let result = try tapctl([
            "decap", "--listen", "vxlan:192.0.2.77", "--write", path("o.pcap"), "--duration", "0.1",
        ])
        #expect(result.status != 0)
        #expect(result.standardError.contains("192.0.2.77 is not an address of this host"), "\(result.standardError)")
        #expect(!result.standardError.contains("port 0"))
    }

    @Test func anIPv6DestinationWithoutASourceIsRefused() throws {
        let input = path("in.pcap")
        try CaptureFiles.writeEmpty(to: input)
        let result = try tapctl(["encap", "--read", input, "--to", "gre:2001:db8::2", "--write-encap", path("o.pcap")])
        #expect(result.status != 0)
        #expect(
            result.standardError.contains("has no IPv6 outer source") && result.standardError.contains("--source"),
            "\(result.standardError)"
        )
    }
}

/// Small capture files for command tests.
enum CaptureFiles {
    /// A pcap file with a header and no records.
    static func writeEmpty(to path: String) throws {
        var header: [UInt8] = [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        header += [0xFF, 0xFF, 0, 0, 1, 0, 0, 0]
        try Data(header).write(to: URL(fileURLWithPath: path))
    }
}
