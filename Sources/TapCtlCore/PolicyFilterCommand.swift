import ArgumentParser
import Policy

/// `tapctl policy filter POLICY [--inventory SOURCE]`: the policy as a capture filter.
public struct PolicyFilterCommand: AsyncParsableCommand {
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

    public init() {}

    public func run() async throws {
        let (policy, virtualMachines) = try await input.load()
        if let expression = CaptureFilter.expression(for: policy, virtualMachines: virtualMachines) {
            print(expression)
        }
    }
}
