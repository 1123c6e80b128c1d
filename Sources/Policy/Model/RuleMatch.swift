import NetworkTypes

/// The conditions of one rule. Every non-empty key must hold (AND); inside a
/// key, the list means "any of" (OR). An empty key is not examined.
///
/// Endpoint keys (`nets`, `hosts`, `ports`, `macs`, `vmPatterns`, `tags`) look at the
/// side(s) `direction` selects: source for `out`, destination for `in`, either for
/// `both`; each endpoint key is tested on its own, so `{ host: A, port: 80 }` matches
/// A talking to or from port 80 on either end. Side keys (`sourceNets`,
/// `destinationNets`, `sourcePorts`, `destinationPorts`) ignore `direction`.
///
/// Address keys never match non-IP frames, port keys match only TCP and UDP
/// packets whose header was decoded (not non-first fragments), `vlans` matches
/// the outermost tag's VLAN ID (never untagged frames), `protocols` the IP
/// protocol after IPv6 extension headers.
public struct RuleMatch: Hashable, Sendable {
    /// `net`: prefixes an endpoint on the side(s) of `direction` must lie in.
    public var nets: [IPPrefix] = []
    /// `src-net`: prefixes the packet's source address must lie in.
    public var sourceNets: [IPPrefix] = []
    /// `dst-net`: prefixes the packet's destination address must lie in.
    public var destinationNets: [IPPrefix] = []
    /// `host`: addresses an endpoint on the side(s) of `direction` must have.
    public var hosts: [IPAddress] = []
    /// `port`: TCP/UDP port ranges an endpoint on the side(s) of `direction` must use.
    public var ports: [PortRange] = []
    /// `src-port`: ranges the TCP/UDP source port must lie in.
    public var sourcePorts: [PortRange] = []
    /// `dst-port`: ranges the TCP/UDP destination port must lie in.
    public var destinationPorts: [PortRange] = []
    /// `proto`: IP protocol numbers (after IPv6 extension headers) one of which the packet must carry.
    public var protocols: [UInt8] = []
    /// `vlan`: VLAN IDs one of which the outermost tag must carry.
    public var vlans: [UInt16] = []
    /// `mac`: MAC addresses an endpoint on the side(s) of `direction` must have.
    public var macs: [MACAddress] = []
    /// Glob patterns (`*`, `?`, `[abc]`) over VM names, resolved through a `VMResolver`.
    public var vmPatterns: [String] = []
    /// VM tags, resolved through a `VMResolver`.
    public var tags: [String] = []
    /// Which side the endpoint keys look at; `both` by default.
    public var direction: TrafficDirection = .both

    /// No conditions: matches every frame.
    public init() {}

    /// True when the rule names no condition at all (it matches every frame).
    public var isEmpty: Bool { keyCount == 0 }

    /// True when a key that `direction` applies to is present.
    public var hasEndpointKey: Bool {
        !(nets.isEmpty && hosts.isEmpty && ports.isEmpty && macs.isEmpty && vmPatterns.isEmpty && tags.isEmpty)
    }

    /// True when the rule needs a `VMResolver` (it has `vm` or `tag`).
    public var usesInventory: Bool { !vmPatterns.isEmpty || !tags.isEmpty }

    /// How many keys are present (`direction` aside).
    var keyCount: Int {
        func one(_ present: Bool) -> Int { present ? 1 : 0 }
        let addresses =
            one(!nets.isEmpty) + one(!sourceNets.isEmpty) + one(!destinationNets.isEmpty) + one(!hosts.isEmpty)
        let ports = one(!self.ports.isEmpty) + one(!sourcePorts.isEmpty) + one(!destinationPorts.isEmpty)
        let others =
            one(!protocols.isEmpty) + one(!vlans.isEmpty) + one(!macs.isEmpty) + one(!vmPatterns.isEmpty)
            + one(!tags.isEmpty)
        return addresses + ports + others
    }
}
