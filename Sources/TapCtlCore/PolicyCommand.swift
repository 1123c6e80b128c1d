import ArgumentParser
import Policy
import TapVocabulary

/// `tapctl policy …`: validate and try out tap policies.
public struct PolicyCommand: AsyncParsableCommand {
    /// The command's name (`policy`), abstract, examples and its subcommands `check`, `explain` and `filter`.
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
    /// A command without options of its own.
    public init() {}
}

/// Options shared by the policy commands: the policy file and how `vm`/`tag` keys resolve.
struct PolicyInputOptions: ParsableArguments {
    @Argument(help: "The policy file (YAML).", completion: .file())
    var policy: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Resolve vm/tag rules through this inventory: file:PATH, libvirt:URI or vsphere:URL (repeatable); "
                + "without one they match nothing.",
            valueName: "SOURCE"
        )
    )
    var inventory: [String] = []

    /// The parsed policy and the inventory's VMs (nil without `--inventory`), or a one-line failure.
    func load() async throws -> (TapPolicy, [VirtualMachine]?) {
        let parsed: TapPolicy
        do { parsed = try PolicyParser.load(path: policy) } catch { throw CommandFailure(error.locatedMessage) }
        return (parsed, try await PolicyVMResolution.virtualMachines(inventory: inventory))
    }
}
