import ArgumentParser
import Policy

/// `tapctl policy filter POLICY [--inventory SOURCE]`: the policy as a capture filter.
public struct PolicyFilterCommand: AsyncParsableCommand {
    /// The subcommand's name (`filter`), abstract and discussion, as `tapctl policy filter --help` prints them.
    public static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Print a pcap-filter (BPF) expression that passes every frame the policy may tap.",
        discussion: """
            The expression is a superset of the tapped frames (ignored frames may still pass;
            tapped ones never fail), for Ethernet captures; libpcap compiles it to BPF so the
            kernel drops ignored traffic. Nothing is printed when every frame may be tapped.

            Examples:
              tapctl policy filter policy.yaml
              tcpdump -i vnet3 -w copy.pcap "$(tapctl policy filter policy.yaml --inventory file:vms.yaml)"
            """
    )

    @OptionGroup var input: PolicyInputOptions

    /// A command with every option at its default; ArgumentParser fills them from the arguments.
    public init() {}

    /// Prints the pcap-filter expression passing every frame the policy may tap; prints nothing when no filter can
    /// narrow it.
    ///
    /// - Throws: `CommandFailure` for an invalid policy or an unreadable inventory.
    public func run() async throws {
        let (policy, virtualMachines) = try await input.load()
        if let expression = CaptureFilter.expression(for: policy, virtualMachines: virtualMachines) {
            print(expression)
        }
    }
}
