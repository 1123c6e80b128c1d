/// Anything that can tell what the estate looks like now: a file, a libvirt
/// connection, a vCenter.
///
/// Conformers must be safe to call from any task. ``snapshot()`` either returns a
/// complete snapshot or throws (never a partial one), so a caller can keep its last
/// good view on error.
public protocol InventorySource: Sendable {
    /// A name for messages and conflict reports, such as `libvirt:qemu:///system`.
    var name: String { get }

    /// Reads the whole estate the source knows about.
    func snapshot() async throws -> InventorySnapshot

    /// Signals that the source has seen a change (a lifecycle event) and a new
    /// snapshot is worth taking now, before the next poll. `nil` when the source has
    /// no events; ``InventoryTracker`` then relies on polling alone.
    func changeSignals() -> AsyncStream<Void>?
}

extension InventorySource {
    /// No signals: by default a source is polled only.
    public func changeSignals() -> AsyncStream<Void>? { nil }
}
