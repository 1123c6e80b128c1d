import ArgumentParser

/// `tapctl pcap …`: capture-file utilities.
public struct PcapCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pcap",
        abstract: "Inspect pcap and pcapng capture files (also .gz).",
        subcommands: [PcapStatsCommand.self]
    )
    public init() {}
}
