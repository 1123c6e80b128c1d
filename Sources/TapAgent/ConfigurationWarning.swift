import Inventory
import TapVocabulary

/// Something a configuration silently costs or misses: the agent would start, run and exit 0 with
/// zero counters, or copy more than the policy asks. Each one is logged as a warning when the agent
/// starts (and when an inventory change brings a new one) and listed in `AgentStatistics.warnings`;
/// with `TapAgentConfiguration.strict` (`--strict`) the ones that tap nothing stop the agent at start.
public struct ConfigurationWarning: Sendable, Codable, Hashable, CustomStringConvertible {
    /// What kind of problem it is (the `kind` field of `--stats-json`).
    public enum Kind: String, Sendable, Codable, Hashable {
        /// `--host-name` (default: the system's host name) names no host of the inventory.
        case unknownHost = "unknown-host"
        /// A `--vm` glob or `tag:` selects no VM of the inventory, on any host.
        case selectorMatchesNothing = "vm-matches-nothing"
        /// The `--vm` selectors pick VMs, but none of their interfaces is on this host.
        case nothingOnThisHost = "nothing-on-this-host"
        /// `--netflow` meters every owned frame, so the policy's kernel filter is not installed.
        case kernelFilterOff = "kernel-filter-off"
    }

    /// The kind of problem.
    public var kind: Kind
    /// One line saying what happens and why.
    public var message: String

    /// Creates a warning.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// True when the agent copies nothing because of it (what `--strict` makes fatal).
    public var tapsNothing: Bool { kind != .kernelFilterOff }

    /// The message.
    public var description: String { message }

    /// The warnings of `configuration` over the inventory `view` (empty when nothing is wrong).
    /// Pure: the same configuration and view always give the same list, in a stable order.
    public static func find(configuration: TapAgentConfiguration, view: InventoryView) -> [ConfigurationWarning] {
        var found: [ConfigurationWarning] = []
        if !configuration.inventorySources.isEmpty {
            let snapshot = view.index.snapshot
            let hosts = Set(snapshot.hosts.map(\.name) + snapshot.virtualMachines.compactMap(\.host))
            let host = configuration.hostName
            if !hosts.contains(host) {
                let known = hosts.sorted().prefix(5).joined(separator: ", ")
                found.append(
                    ConfigurationWarning(
                        kind: .unknownHost,
                        message:
                            "host name '\(host)' is not in the inventory (hosts: \(known.isEmpty ? "none" : known)); nothing is tapped on this host: set --host-name"
                    )
                )
            }
            var selected = 0
            for text in configuration.virtualMachines {
                let matches = view.index.virtualMachines(matching: VMSelector(text))
                if matches.isEmpty {
                    found.append(
                        ConfigurationWarning(
                            kind: .selectorMatchesNothing,
                            message:
                                "--vm \(text) matches no VM of the inventory (\(snapshot.virtualMachines.count) VMs)"
                        )
                    )
                }
                selected += matches.count
            }
            if hosts.contains(host), selected > 0, configuration.interfaces.isEmpty {
                let local = configuration.virtualMachines.contains { text in
                    view.index.virtualMachines(matching: VMSelector(text)).contains { $0.host == host }
                }
                if !local {
                    found.append(
                        ConfigurationWarning(
                            kind: .nothingOnThisHost,
                            message:
                                "--vm selects \(selected) VM(s), none of them on host '\(host)'; nothing is tapped here until one moves in"
                        )
                    )
                }
            }
        }
        if configuration.netflowCollector != nil {
            found.append(
                ConfigurationWarning(
                    kind: .kernelFilterOff,
                    message:
                        "--netflow meters every owned frame, so the policy's kernel filter is off: every frame of the tapped interfaces is copied to user space (the host overhead of selecting everything returns)"
                )
            )
        }
        return found
    }
}
