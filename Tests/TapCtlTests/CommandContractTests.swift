import Foundation
import TestSupport
import Testing

/// The command-line contract, pinned on the built binary: every
/// command has `--help` with an example, and a failure is one line on stderr
/// with a non-zero exit status.
@Suite struct CommandContractTests {
    static let commands: [[String]] = [
        ["pcap", "stats"], ["policy", "check"], ["policy", "explain"], ["policy", "filter"], ["tap"], ["decap"],
        ["encap"], ["flows"], ["collect"], ["inventory"],
    ]

    @Test(arguments: commands)
    func helpShowsAnExample(command: [String]) throws {
        let help = try ExternalTool.run(ExternalTool.tapctl, command + ["--help"])
        #expect(help.status == 0)
        #expect(
            help.standardOutput.contains("Example"),
            "tapctl \(command.joined(separator: " ")) --help has no example"
        )
    }

    /// Each call names a file that does not exist.
    static let failures: [[String]] = [
        ["pcap", "stats", "/nonexistent/capture.pcap"],
        ["policy", "check", "/nonexistent/policy.yaml"],
        [
            "tap", "--read", "/nonexistent/capture.pcap", "--policy", "/nonexistent/policy.yaml", "--write-encap",
            "/nonexistent/out.pcap",
        ],
        ["decap", "--read", "/nonexistent/capture.pcap", "--write", "/nonexistent/out.pcap"],
        ["flows", "--read", "/nonexistent/capture.pcap", "--export", "127.0.0.1:9", "--version", "9"],
        ["inventory", "--source", "file:/nonexistent/estate.yaml"],
    ]

    @Test(arguments: failures)
    func aFailureIsOneLineOnStandardErrorAndNonZero(arguments: [String]) throws {
        let result = try ExternalTool.run(ExternalTool.tapctl, arguments)
        #expect(result.status != 0)
        let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "stderr was: \(result.standardError)")
        #expect(result.standardError.contains("nonexistent"))
    }

    @Test func aBadFlagValueIsRejectedWithUsage() throws {
        let result = try ExternalTool.run(
            ExternalTool.tapctl,
            ["flows", "--read", "x.pcap", "--export", "127.0.0.1:9", "--version", "7"]
        )
        #expect(result.status != 0)
        #expect(!result.standardError.isEmpty)
    }
}
