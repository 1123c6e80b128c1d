import ArgumentParser
import Foundation
import PacketCore

/// `tapctl pcap stats FILE [--json]`: frames, bytes, time span, link types,
/// per-protocol counts and the first malformed frames of a capture file.
///
/// The counts are defined in Docs/PacketCore.md ("Counts") and equal what
/// tshark reports for the same file (TapCtlTests checks this against tshark).
/// A file that cannot be read to its end still gets its report for the frames
/// before the damage; the command then fails with the reason.
public struct PcapStatsCommand: AsyncParsableCommand {
    /// The subcommand's name (`stats`), abstract and discussion, as `tapctl pcap stats --help` prints them.
    public static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count frames, bytes and protocols in a capture file.",
        discussion: """
            Reads pcap (µs or ns, either byte order), pcapng and their .gz forms. Reports frames,
            bytes, time span, link types, counts per protocol (ethernet, vlan, qinq, arp, ipv4, ipv6,
            tcp, udp, icmp, icmpv6, fragments, truncated, malformed) and the first malformed frames
            with their reason. Frames of a link type that is not decoded are counted as unsupported
            (with a warning), not as malformed. If the file is damaged, what was counted before the damage is printed
            and the command exits with status 1 and the reason on stderr.

            Examples:
              tapctl pcap stats capture.pcapng
              tapctl pcap stats capture.pcap.gz --json --malformed-limit 50
            """
    )

    /// The capture to count (`.pcap`, `.pcapng`, optionally `.gz`).
    @Argument(help: "The capture file (.pcap, .pcapng, optionally .gz).", completion: .file())
    public var file: String

    /// `--json`: print JSON instead of a table.
    @Flag(help: "Print JSON instead of a table.")
    public var json = false

    /// `--malformed-limit N`: how many malformed frames to list with their reason (10 by default, 0 or more).
    @Option(help: "How many malformed frames to list with their reason.")
    public var malformedLimit = 10

    /// A command with every option at its default; ArgumentParser fills them from the arguments.
    public init() {}

    /// Checks that `--malformed-limit` is not negative.
    ///
    /// - Throws: `ValidationError`.
    public func validate() throws {
        guard malformedLimit >= 0 else { throw ValidationError("--malformed-limit must be 0 or more.") }
    }

    /// Counts every frame and prints the report; warns for each link type that is not decoded.
    ///
    /// - Throws: `CommandFailure` when the file cannot be opened, or after printing the counts when it is damaged.
    public func run() async throws {
        let reader: CaptureFileReader
        do { reader = try CaptureFileReader(path: file) } catch { throw CommandFailure(error.description) }
        var stats = CaptureStatistics()
        stats.malformedExampleLimit = malformedLimit
        let readError = stats.addFrames(from: reader)
        for linkType in stats.unsupportedLinkTypes {
            printWarning(
                "link type \(linkType) (\(linkType.rawValue)) is not decoded: its frames are counted as unsupported"
            )
        }
        let report = PcapStatsReport(file: file, reader: reader, statistics: stats, readError: readError)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
        if let readError {
            throw CommandFailure("\(readError.description) (the \(stats.frames) frames before it were counted)")
        }
    }
}
