import Foundation
import Inventory

/// Keeps the console's estate current: reads every source through an `InventoryTracker` (as
/// `tapctl inventory --watch` does), saves the merged view and records each change.
///
/// On start the first reading is compared with the estate the store already holds, so a restart
/// records what changed while the console was down, not the whole estate again.
public struct InventoryFollower: Sendable {
    /// The console the estate is stored in.
    public let core: ConsoleCore
    /// Merges the sources and reports changes.
    public let tracker: InventoryTracker

    /// A follower of `sources` (in priority order) for `core`; removals are held back for `migrationGrace`. Nothing is
    /// read until the first refresh.
    public init(core: ConsoleCore, sources: [any InventorySource], migrationGrace: Duration = .zero) {
        self.core = core
        self.tracker = InventoryTracker(sources: sources, migrationGrace: migrationGrace)
    }

    /// Reads the sources once and records the result; returns the source failures.
    @discardableResult
    public func refreshOnce() async throws -> [String] {
        let stored = try await core.estate()
        let initial = await tracker.refresh()
        let view = await tracker.view
        let failures = initial.filter { $0.kind == "source-failed" || $0.kind == "source-recovered" }
        let changes = InventoryDiff.events(from: stored, to: view.snapshot, at: Date())
        // A source that failed keeps its part of the stored estate out of the view; do not
        // record that as every VM removed, and keep the stored estate.
        if !view.failingSources.isEmpty && view.snapshot.virtualMachines.isEmpty {
            try await core.recordEvents(failures)
        } else {
            try await core.record(view: view, events: failures + changes)
        }
        return failures.map(\.description)
    }

    /// Follows the sources until cancelled (polls every `pollInterval`; change signals too).
    public func follow(pollInterval: Duration) async throws {
        for await event in tracker.changes(pollInterval: pollInterval) {
            try await core.record(view: await tracker.view, events: [event])
        }
    }
}
