import Foundation
import TapVocabulary

/// A flat, JSON-friendly form of an ``InventoryEvent`` (one object per line in
/// `tapctl inventory --watch --json`). Fields that do not apply are `nil`.
public struct InventoryEventRecord: Sendable, Hashable, Codable {
    public var timestamp: Date
    /// ``InventoryEvent/kind``: `added`, `removed`, `moved`, `state`, `nics`, …
    public var kind: String
    public var vm: String?
    public var uuid: String?
    public var host: String?
    public var fromHost: String?
    public var toHost: String?
    public var fromState: VMPowerState?
    public var toState: VMPowerState?
    public var macs: [String]?
    public var network: String?
    public var source: String?
    public var reason: String?

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
