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
              tapctl policy check policy.yaml --inventory libvirt:qemu:///system
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

    @Option(name: .long, help: ArgumentHelp(
        "Resolve vm/tag rules through this inventory: file:PATH, libvirt:URI or vsphere:URL (repeatable).",
        valueName: "SOURCE"))
    var inventory: [String] = []

    /// The parsed policy and the resolver, or a one-line failure.
    func load() async throws -> (Policy, (any VMResolver)?) {
        let parsed: Policy
        do { parsed = try PolicyParser.load(path: policy) } catch { throw CommandFailure(error.description) }
        return (parsed, try await PolicyVMResolution.resolver(vmMap: vmMap, inventory: inventory))
    }
}
