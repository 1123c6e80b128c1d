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
    public var nets: [IPPrefix] = []
    public var sourceNets: [IPPrefix] = []
    public var destinationNets: [IPPrefix] = []
    public var hosts: [IPAddress] = []
    public var ports: [PortRange] = []
    public var sourcePorts: [PortRange] = []
    public var destinationPorts: [PortRange] = []
    public var protocols: [UInt8] = []
    public var vlans: [UInt16] = []
    public var macs: [MACAddress] = []
    /// Glob patterns (`*`, `?`, `[abc]`) over VM names, resolved through a `VMResolver`.
    public var vmPatterns: [String] = []
    /// VM tags, resolved through a `VMResolver`.
    public var tags: [String] = []
    public var direction: TrafficDirection = .both

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
