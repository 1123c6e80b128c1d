import ArgumentParser

/// The root `tapctl` command. Each subcommand lives in its own file.
public struct TapCtl: AsyncParsableCommand {
    /// The root command's name, abstract, version and every subcommand.
    public static let configuration = CommandConfiguration(
        commandName: "tapctl",
        abstract: "VirtualTap: copy virtual machines' traffic to your tools, and see its flows.",
        discussion: """
            Examples:
              tapctl pcap stats Samples/sample.pcapng
            """,
        version: "0.1.0",
        subcommands: subcommandList
    )

    /// Registered subcommands, one line per command group.
    static var subcommandList: [any ParsableCommand.Type] {
        var list: [any ParsableCommand.Type] = []
        list.append(PcapCommand.self)

        // Policy commands (policy check / explain)
        list.append(PolicyCommand.self)

        // GRE commands (decap, tap)
        list.append(DecapCommand.self)
        list.append(EncapCommand.self)
        list.append(TapCommand.self)

        // NetFlow commands (flows, collect)
        list.append(FlowsCommand.self)
        list.append(CollectCommand.self)

        // Inventory commands (inventory)
        list.append(InventoryCommand.self)

        // Agent and console commands (tap's live options: TapCommand+Live.swift)
        list.append(ConsoleCommand.self)

        return list
    }

    /// A command without options of its own.
    public init() {}
}
