import ArgumentParser
import Policy

/// `tapctl policy …`: validate and try out tap policies.
public struct PolicyCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Validate a tap policy and show what it does to a capture.",
        discussion: """
            Examples:
              tapctl policy check policy.yaml
              tapctl policy explain policy.yaml --read capture.pcap --frame 12
            """,
        subcommands: [PolicyCheckCommand.self, PolicyExplainCommand.self, PolicyFilterCommand.self]
    )
    public init() {}
}

/// Options shared by the policy commands: the policy file and how `vm`/`tag` keys resolve.
struct PolicyInputOptions: ParsableArguments {
    @Argument(help: "The policy file (YAML).", completion: .file())
    var policy: String

    @Option(name: .customLong("vm-map"), help: ArgumentHelp(
        "A YAML list of VMs (name, tags, macs, addresses) for vm/tag rules; without it they match nothing.",
        valueName: "FILE"), completion: .file())
    var vmMap: String?

    /// The parsed policy and the resolver, or a one-line failure.
    func load() throws -> (Policy, StaticVMResolver?) {
        do {
            let resolver = try vmMap.map { path throws(PolicyFileError) in try StaticVMResolver.load(path: path) }
            return (try PolicyParser.load(path: policy), resolver)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
