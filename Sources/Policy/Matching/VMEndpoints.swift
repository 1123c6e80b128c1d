import NetworkTypes
import TapVocabulary

/// The MACs and addresses of a set of VMs: what a `vm` or `tag` key stands for.
public struct VMEndpoints: Hashable, Sendable {
    /// The MACs of the VMs' NICs: frames sent from or to one of them belong to the set.
    public var macs: Set<MACAddress> = []
    /// The IP addresses known for the VMs' NICs.
    public var addresses: Set<IPAddress> = []
    /// No endpoints: matches nothing.
    public init() {}

    /// True when no MAC and no address is known: a `vm` or `tag` key standing for it matches nothing.
    public var isEmpty: Bool { macs.isEmpty && addresses.isEmpty }

    /// The endpoints of the VMs whose name matches one of `patterns`, plus those
    /// carrying one of `tags` (either list may be empty): every NIC's MAC and addresses.
    public init(of virtualMachines: [VirtualMachine], namesMatching patterns: [String], tags: [String]) {
        if patterns.isEmpty && tags.isEmpty { return }
        let globs = patterns.map(GlobPattern.init)
        for vm in virtualMachines
        where globs.contains(where: { $0.matches(vm.name) }) || tags.contains(where: vm.tags.contains) {
            for nic in vm.nics {
                macs.insert(nic.mac)
                addresses.formUnion(nic.ips)
            }
        }
    }
}
