import ArgumentParser

/// `tapctl pcap …`: capture-file utilities.
public struct PcapCommand: AsyncParsableCommand {
    /// The command's name (`pcap`), abstract and its subcommand `stats`.
    public static let configuration = CommandConfiguration(
        commandName: "pcap",
        abstract: "Inspect pcap and pcapng capture files (also .gz).",
        subcommands: [PcapStatsCommand.self]
    )
    /// A command without options of its own.
    public init() {}
}
