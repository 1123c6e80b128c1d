import NetworkTypes

/// What a policy needs to know about one virtual machine to resolve `vm` and `tag` keys.
public struct VMRecord: Hashable, Sendable {
    public var name: String
    public var tags: Set<String>
    /// The MAC addresses of its NICs.
    public var macs: [MACAddress]
    /// Its IPv4/IPv6 addresses.
    public var addresses: [IPAddress]

    public init(name: String, tags: Set<String> = [], macs: [MACAddress] = [], addresses: [IPAddress] = []) {
        self.name = name
        self.tags = tags
        self.macs = macs
        self.addresses = addresses
    }
}

/// The source of VM names, tags and addresses a policy's `vm` and `tag` keys refer to.
///
/// Inventory implements it; so does `StaticVMResolver` (a `--vm-map` file). Policy
/// reads the records once when it compiles: after an inventory change, compile
/// again and swap the result into a `LivePolicy`.
public protocol VMResolver: Sendable {
    /// Every VM the resolver knows.
    func virtualMachines() -> [VMRecord]
}

/// The MACs and addresses of a set of VMs: what a `vm` or `tag` key stands for.
public struct VMEndpoints: Hashable, Sendable {
    public var macs: Set<MACAddress> = []
    public var addresses: Set<IPAddress> = []
    public init() {}

    public var isEmpty: Bool { macs.isEmpty && addresses.isEmpty }

    /// The endpoints of the VMs whose name matches one of `patterns`, plus those
    /// carrying one of `tags` (either list may be empty).
    public init(of records: [VMRecord], namesMatching patterns: [String], tags: [String]) {
        if patterns.isEmpty && tags.isEmpty { return }
        let globs = patterns.map(GlobPattern.init)
        for record in records
        where globs.contains(where: { $0.matches(record.name) }) || tags.contains(where: record.tags.contains) {
            macs.formUnion(record.macs)
            addresses.formUnion(record.addresses)
        }
    }
}
