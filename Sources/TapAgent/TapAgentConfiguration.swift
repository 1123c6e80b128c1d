import GRE
import Inventory
import NetFlow
import NetworkTypes
import TapVocabulary

/// What a `TapAgent` captures, how it decides, and where it sends.
public struct TapAgentConfiguration: Sendable {
    /// The policy file (YAML); reloaded on SIGHUP.
    public var policyPath: String
    /// Write the encapsulated packets to this pcap instead of sending them (`--write-encap`).
    public var encapsulatedCapturePath: String?
    /// Interfaces named explicitly (`--interface`).
    public var interfaces: [String] = []
    /// VM selectors (`--vm`: name globs or `tag:NAME`), resolved through the inventory.
    public var virtualMachines: [String] = []
    /// Inventory sources (`--inventory`); required with `virtualMachines`.
    public var inventorySources: [any InventorySource] = []
    /// This host's name as the inventory spells it (`--host-name`, default: the system host name).
    public var hostName: String
    /// How often the inventory is read again.
    public var inventoryPollInterval: Duration = .milliseconds(500)
    /// Flow export: collector host and port, and the version (`--netflow`, `--netflow-version`).
    public var netflowCollector: (host: String, port: Int)?
    /// The export format: NetFlow v5, v9 or IPFIX (v10); v9 by default.
    public var netflowVersion: NetFlowVersion = .v9
    /// Seconds after which a flow still active is exported (and continues in a new record); 60 by default.
    public var flowActiveTimeoutSeconds = 60
    /// Seconds without a packet after which a flow is exported and forgotten; 15 by default.
    public var flowInactiveTimeoutSeconds = 15
    /// Stop after this many seconds (nil: until SIGINT/SIGTERM).
    public var duration: Double?
    /// Bytes kept per frame.
    public var snapLength = 65_535
    /// The kernel capture ring per interface and direction (`--buffer`, in MiB); nil: sized from
    /// the interface's speed (`InterfaceCapture.defaultBufferBytes`).
    public var bufferBytes: Int?
    /// The CPU budget: frames processed per second over all interfaces (nil: unlimited).
    public var maximumCapturePacketsPerSecond: UInt64?
    /// Outer IPv4 source address for IPv4 tunnels whose policy destination names none.
    public var tunnelSource: IPAddress?
    /// Outer IPv6 source address for IPv6 tunnels whose policy destination names none.
    public var tunnelSource6: IPAddress?
    /// Frames over a destination's path MTU: truncated or fragmented for every destination; nil
    /// (the default) keeps each destination's own choice, which is fragmenting for the kinds
    /// without a truncation flag (GRE, VXLAN, GRE-in-UDP, Geneve) and truncating with the T bit
    /// for ERSPAN.
    public var oversize: OversizePolicy?
    /// Where the counters go as JSON on exit and on SIGUSR1.
    public var statisticsPath: String?
    /// How often interfaces are checked for appearing, vanishing or being recreated.
    public var interfaceCheckInterval: Duration = .milliseconds(100)
    /// `--strict`: a `ConfigurationWarning` that taps nothing (unknown host name, `--vm` matching no
    /// VM, no selected VM on this host) makes `TapAgent.init` throw instead of warning.
    public var strict = false

    /// A configuration reading the policy at `policyPath` for the host named `hostName`, everything else at its
    /// default.
    public init(policyPath: String, hostName: String) {
        self.policyPath = policyPath
        self.hostName = hostName
    }
}
