import Foundation
import TapVocabulary

/// Merges the snapshots of several sources (several hypervisor hosts, a vCenter, a
/// file) into one view and reports what they disagree on.
///
/// When several sources report the same VM (same ``VirtualMachine/key``), one claim
/// is kept and a ``InventoryConflict/Kind/vmOnSeveralHosts`` conflict is reported
/// (when the hosts differ): a running claim beats a paused one (the source side of a
/// live migration pauses), and between equal states the claim seen most recently
/// wins (the destination of a migration appears last). Ties go to the source listed
/// first. Hosts are merged by name, networks by value. The merger remembers when it
/// first saw each claim, so call ``merge(_:at:)`` with every new set of snapshots.
public struct InventoryMerger: Sendable {
    private struct ClaimID: Hashable {
        var source: String
        var key: String
        var host: String?
    }

    private var firstSeen: [ClaimID: Date] = [:]

    /// A merger that has seen no claims yet.
    public init() {}

    /// The merged snapshot and the conflicts found, for snapshots listed by source
    /// name in priority order.
    public mutating func merge(
        _ sources: [(source: String, snapshot: InventorySnapshot)],
        at time: Date
    )
        -> (snapshot: InventorySnapshot, conflicts: [InventoryConflict])
    {
        struct Claim {
            var source: String
            var order: Int
            var vm: VirtualMachine
            var since: Date
        }
        var claimsByKey: [String: [Claim]] = [:]
        var keyOrder: [String] = []
        var seenNow: Set<ClaimID> = []
        var hosts: [String: HypervisorHost] = [:]
        var networks: [VirtualNetwork] = []
        var networkSet: Set<VirtualNetwork> = []
        for (order, entry) in sources.enumerated() {
            for host in entry.snapshot.hosts where hosts[host.name] == nil { hosts[host.name] = host }
            for network in entry.snapshot.networks where networkSet.insert(network).inserted {
                networks.append(network)
            }
            for vm in entry.snapshot.virtualMachines {
                let id = ClaimID(source: entry.source, key: vm.key, host: vm.host)
                seenNow.insert(id)
                let since = firstSeen[id] ?? time
                firstSeen[id] = since
                if claimsByKey[vm.key] == nil { keyOrder.append(vm.key) }
                claimsByKey[vm.key, default: []].append(Claim(source: entry.source, order: order, vm: vm, since: since))
            }
        }
        firstSeen = firstSeen.filter { seenNow.contains($0.key) }

        var vms: [VirtualMachine] = []
        var conflicts: [InventoryConflict] = []
        for key in keyOrder {
            guard let claims = claimsByKey[key] else { continue }
            let best = claims.min { a, b in
                if a.vm.state.claimPriority != b.vm.state.claimPriority {
                    return a.vm.state.claimPriority > b.vm.state.claimPriority
                }
                if a.since != b.since { return a.since > b.since }
                return a.order < b.order
            }!
            vms.append(best.vm)
            if Set(claims.map(\.vm.host)).count > 1 {
                let label = { (claim: Claim) in
                    InventoryIndex.claimLabel(claim.vm) + " \(claim.vm.state.rawValue) (\(claim.source))"
                }
                conflicts.append(
                    InventoryConflict(
                        kind: .vmOnSeveralHosts,
                        subject: best.vm.name,
                        claims: claims.map(label),
                        kept: label(best)
                    )
                )
            }
        }
        for vm in vms {
            if let host = vm.host, hosts[host] == nil { hosts[host] = HypervisorHost(name: host) }
        }
        let snapshot = InventorySnapshot(
            hosts: Array(hosts.values),
            virtualMachines: vms,
            networks: networks
        ).sorted()
        return (snapshot, conflicts)
    }
}
