import Foundation
import TapVocabulary

/// One change in the estate, with the time it was observed.
public struct InventoryEvent: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What changed.
    public enum Change: Sendable, Hashable, Codable {
        /// A VM appeared (its key was not in the old snapshot).
        case vmAdded(VirtualMachine)
        /// A VM disappeared (its key is not in the new snapshot).
        case vmRemoved(VirtualMachine)
        /// The same VM (same ``VirtualMachine/key``) now runs on another host:
        /// vMotion or live migration.
        case vmMoved(VirtualMachine, fromHost: String?, toHost: String?)
        /// The VM's power state changed.
        case vmStateChanged(VirtualMachine, from: VMPowerState, to: VMPowerState)
        /// NICs were added, removed, or changed MAC, IPs, interface, network or VLAN.
        case nicsChanged(VirtualMachine, old: [VirtualNIC], new: [VirtualNIC])
        /// Name or tags changed.
        case vmUpdated(old: VirtualMachine, new: VirtualMachine)
        /// A network appeared.
        case networkAdded(VirtualNetwork)
        /// A network disappeared.
        case networkRemoved(VirtualNetwork)
        /// A source could not be read; the view keeps its last good snapshot.
        case sourceFailed(source: String, reason: String)
        /// A source that had failed answered again.
        case sourceRecovered(source: String)
    }

    /// When the change was noticed (the snapshot's time, not the hypervisor's).
    public var timestamp: Date
    /// What changed.
    public var change: Change

    /// An event for `change` at `timestamp`.
    public init(timestamp: Date, change: Change) {
        self.timestamp = timestamp
        self.change = change
    }

    /// A short kind name: `added`, `removed`, `moved`, `state`, `nics`, `updated`,
    /// `network-added`, `network-removed`, `source-failed`, `source-recovered`.
    public var kind: String {
        switch change {
        case .vmAdded: "added"
        case .vmRemoved: "removed"
        case .vmMoved: "moved"
        case .vmStateChanged: "state"
        case .nicsChanged: "nics"
        case .vmUpdated: "updated"
        case .networkAdded: "network-added"
        case .networkRemoved: "network-removed"
        case .sourceFailed: "source-failed"
        case .sourceRecovered: "source-recovered"
        }
    }

    /// The VM the event is about, if any (the new version for updates).
    public var virtualMachine: VirtualMachine? {
        switch change {
        case .vmAdded(let vm), .vmRemoved(let vm), .vmMoved(let vm, _, _), .vmStateChanged(let vm, _, _),
            .nicsChanged(let vm, _, _), .vmUpdated(_, let vm):
            vm
        case .networkAdded, .networkRemoved, .sourceFailed, .sourceRecovered:
            nil
        }
    }

    /// One line: `2026-11-26T23:59:01Z moved vm-web host-a -> host-b`.
    public var description: String {
        let time = timestamp.formatted(.iso8601)
        let detail: String
        switch change {
        case .vmAdded(let vm):
            detail =
                "\(vm.name) on \(vm.host ?? "?") \(vm.state.rawValue), \(vm.nics.map(\.mac.description).joined(separator: " "))"
        case .vmRemoved(let vm):
            detail = "\(vm.name) from \(vm.host ?? "?")"
        case .vmMoved(let vm, let from, let to):
            detail = "\(vm.name) \(from ?? "?") -> \(to ?? "?")"
        case .vmStateChanged(let vm, let from, let to):
            detail = "\(vm.name) \(from.rawValue) -> \(to.rawValue)"
        case .nicsChanged(let vm, let old, let new):
            detail = "\(vm.name) [\(Self.summary(old))] -> [\(Self.summary(new))]"
        case .vmUpdated(let old, let new):
            detail = "\(old.name) -> \(new.name) tags [\(new.tags.joined(separator: ","))]"
        case .networkAdded(let network), .networkRemoved(let network):
            detail = network.name + (network.host.map { " on " + $0 } ?? "")
        case .sourceFailed(let source, let reason):
            detail = "\(source): \(reason) (keeping the last good view)"
        case .sourceRecovered(let source):
            detail = source
        }
        return "\(time) \(kind) \(detail)"
    }

    private static func summary(_ nics: [VirtualNIC]) -> String {
        nics.map { nic in
            [nic.mac.description, nic.interfaceName, nic.network].compactMap { $0 }.joined(separator: "/")
        }.joined(separator: " ")
    }
}
