import TapPipeline
import TapVocabulary
import TunnelTransport

/// Everything the agent counted, printed on exit and on SIGUSR1, and written with `--stats-json`.
public struct AgentStatistics: Sendable, Codable, Hashable {
    /// Counters of one captured interface (both directions, summed over every time it was open).
    public struct Interface: Sendable, Codable, Hashable {
        /// The host interface's name (`vnet3`).
        public var name: String
        /// The VM behind the interface, when the inventory knows it.
        public var virtualMachine: String?
        /// Frames libpcap delivered.
        public var captured = 0
        /// Frames the kernel dropped for lack of capture buffer (pcap_stats ps_drop), both
        /// directions: `transmittedDrops + receivedDrops`.
        public var kernelDrops = 0
        /// Kernel drops of the capture of the frames the VM transmitted (its own ring buffer).
        public var transmittedDrops = 0
        /// Kernel drops of the capture of the frames the VM received (its own ring buffer).
        public var receivedDrops = 0
        /// Frames this agent owns (copied to the flow cache and matched against the policy).
        public var owned = 0
        /// Frames another copy accounts for (sent by a tapped VM, flooded, group frame of another NIC).
        public var notOwned = 0
        /// Times the interface was (re)opened.
        public var opens = 0
        /// True while a capture is open on it.
        public var isOpen = false
        /// Zero counters for interface `name`, closed.
        public init(name: String, virtualMachine: String? = nil) {
            self.name = name
            self.virtualMachine = virtualMachine
        }
    }

    /// Counters of one destination.
    public struct DestinationTotals: Sendable, Codable, Hashable {
        /// The destination's name in the policy.
        public var name: String
        /// Frames skipped by the destination's sampling.
        public var sampledOut = 0
        /// Frames the sender accepted, packets and bytes it handed to the kernel, truncations,
        /// cap drops and send errors (the destination was unreachable, ...).
        public var sender = DestinationCounters()
        /// Zero counters for destination `name`.
        public init(name: String) { self.name = name }
    }

    /// Hits of one policy rule (`default` for the default action).
    public struct Rule: Sendable, Codable, Hashable {
        /// The rule's name, or `default`.
        public var name: String
        /// Frames this rule decided (the first matching rule wins).
        public var hits = 0
        /// Counters for rule `name`.
        public init(name: String, hits: Int = 0) {
            self.name = name
            self.hits = hits
        }
    }

    /// Every interface captured on since the agent started, open or not.
    public var interfaces: [Interface] = []
    /// One entry per destination of the policy in force, in its order.
    public var destinations: [DestinationTotals] = []
    /// One entry per rule of the policy in force, in its order.
    public var rules: [Rule] = []
    /// Frames the decoder could not finish (matched on what was decoded).
    public var undecodable = 0
    /// Frames of the agent's own tunnels (never copied).
    public var ownTunnel = 0
    /// Frames dropped by the capture budget (`maximumPacketsPerSecond`) before any work.
    public var droppedByBudget = 0
    /// Flow records exported, datagrams sent to the collector.
    public var flowsExported: UInt64 = 0
    /// NetFlow/IPFIX datagrams sent to the collector.
    public var flowDatagrams: UInt64 = 0
    /// Policy and inventory reloads.
    public var policyReloads = 0
    /// Inventory views the agent installed (each one re-resolves the policy and the interfaces).
    public var inventoryUpdates = 0
    /// Seconds since the agent started.
    public var seconds = 0.0
    /// What the configuration silently costs or misses (unknown host name, `--vm` matching nothing,
    /// the kernel filter off with `--netflow`), for the inventory in force.
    public var warnings: [ConfigurationWarning] = []
    /// Inventory sources whose last read failed, with the reason: the agent keeps their last good view.
    public var failingInventorySources: [String: String] = [:]
    /// Frames a tapped VM transmitted with a source MAC that is not its NIC's (a VM bridging or
    /// routing for others): the receiving side may copy them again.
    public var foreignSourceFrames = 0
    /// Those source MACs (each warned about once; at most `foreignSourceMACLimit`).
    public var foreignSourceMACs: [String] = []
    /// How many foreign source MACs are remembered and warned about.
    public static let foreignSourceMACLimit = 256

    /// All counters zero, no interfaces, destinations or rules.
    public init() {}

    /// A human-readable summary (one line per interface, destination and rule).
    public var text: String {
        var lines: [String] = []
        lines.append(
            String(
                format: "tap: %.1f s, undecodable %d, own tunnel %d, budget drops %d, flows exported %d",
                seconds,
                undecodable,
                ownTunnel,
                droppedByBudget,
                Int(flowsExported)
            )
        )
        for i in interfaces {
            lines.append(
                "interface \(i.name)\(i.virtualMachine.map { " (\($0))" } ?? ""): captured \(i.captured), kernel drops \(i.kernelDrops) (transmitted \(i.transmittedDrops), received \(i.receivedDrops)), owned \(i.owned), not owned \(i.notOwned), opens \(i.opens)"
            )
        }
        for d in destinations {
            let s = d.sender
            lines.append(
                "destination \(d.name): packets \(s.packets), bytes \(s.bytes), truncated \(s.truncated), dropped \(s.droppedByCap + s.sendErrors) (cap \(s.droppedByCap), errors \(s.sendErrors)), sampled out \(d.sampledOut)"
            )
        }
        for r in rules { lines.append("rule \(r.name): hits \(r.hits)") }
        for w in warnings { lines.append("warning \(w.kind.rawValue): \(w.message)") }
        for (source, reason) in failingInventorySources.sorted(by: { $0.key < $1.key }) {
            lines.append("inventory source \(source) failing (last good view kept): \(reason)")
        }
        if foreignSourceFrames > 0 {
            lines.append(
                "foreign source MACs from tapped VMs: \(foreignSourceFrames) frames, \(foreignSourceMACs.joined(separator: " "))"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// Adds a pipeline's counters (rules and sampling by name, decode errors, own tunnel) and, when
    /// given, its output's per-destination counters.
    mutating func add(pipeline: TapStatistics, destinations: [TunnelDestination], counters: [DestinationCounters]?) {
        for (name, hits) in pipeline.rules.map({ ($0.name, $0.hits) }) + [("default", pipeline.defaultHits)] {
            if let index = rules.firstIndex(where: { $0.name == name }) {
                rules[index].hits += hits
            } else {
                rules.append(Rule(name: name, hits: hits))
            }
        }
        for (index, destination) in destinations.enumerated() {
            let slot: Int
            if let found = self.destinations.firstIndex(where: { $0.name == destination.name }) {
                slot = found
            } else {
                self.destinations.append(DestinationTotals(name: destination.name))
                slot = self.destinations.count - 1
            }
            if index < pipeline.sampledOut.count { self.destinations[slot].sampledOut += pipeline.sampledOut[index] }
            if let counters { self.destinations[slot].sender.add(counters[index]) }
        }
        undecodable += pipeline.decodeErrors
        ownTunnel += pipeline.ownTunnel
    }
}
