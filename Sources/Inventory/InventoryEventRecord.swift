import Foundation
import TapVocabulary

/// A flat, JSON-friendly form of an ``InventoryEvent`` (one object per line in
/// `tapctl inventory --watch --json`). Fields that do not apply are `nil`.
public struct InventoryEventRecord: Sendable, Hashable, Codable {
    /// When the change was noticed.
    public var timestamp: Date
    /// ``InventoryEvent/kind``: `added`, `removed`, `moved`, `state`, `nics`, …
    public var kind: String
    /// The VM's name (the new one for an update).
    public var vm: String?
    /// The VM's UUID, when the source gives one.
    public var uuid: String?
    /// The VM's host, or the network's host for network events.
    public var host: String?
    /// `moved` only: the host the VM left.
    public var fromHost: String?
    /// `moved` only: the host the VM runs on now.
    public var toHost: String?
    /// `state` only: the power state before.
    public var fromState: VMPowerState?
    /// `state` only: the power state after.
    public var toState: VMPowerState?
    /// The MACs of the VM's NICs (after the change).
    public var macs: [String]?
    /// `network-added` and `network-removed`: the network's name.
    public var network: String?
    /// `source-failed` and `source-recovered`: the source's name.
    public var source: String?
    /// `source-failed` only: why the source could not be read.
    public var reason: String?

    /// The record of `event`: the fields that apply to its kind are set, the others `nil`.
    public init(_ event: InventoryEvent) {
        timestamp = event.timestamp
        kind = event.kind
        if let vm = event.virtualMachine {
            self.vm = vm.name
            uuid = vm.uuid
            host = vm.host
            macs = vm.nics.map(\.mac.description)
        }
        switch event.change {
        case .vmMoved(_, let from, let to):
            fromHost = from
            toHost = to
        case .vmStateChanged(_, let from, let to):
            fromState = from
            toState = to
        case .networkAdded(let added):
            network = added.name
            host = added.host
        case .networkRemoved(let removed):
            network = removed.name
            host = removed.host
        case .sourceFailed(let source, let reason):
            self.source = source
            self.reason = reason
        case .sourceRecovered(let source):
            self.source = source
        case .vmAdded, .vmRemoved, .nicsChanged, .vmUpdated:
            break
        }
    }
}
