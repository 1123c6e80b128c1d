import Foundation
import TapVocabulary

/// Keeps one merged, always-usable view of several sources up to date and turns
/// every difference into ``InventoryEvent``s: the change feed.
///
/// Guarantees:
/// - A source that fails (unreachable, malformed file) never empties the view: its
///   last good snapshot stays in, a `sourceFailed` event is emitted once per outage
///   and `sourceRecovered` when it answers again.
/// - A VM that moves between hosts yields exactly one `vmMoved` event, whether one
///   source's snapshot changes host, or the VM appears on a second source before it
///   leaves the first (the merge keeps one claim, see ``InventoryMerger``), or it
///   leaves the first source before it appears on the second, provided it reappears
///   within `migrationGrace` (removals are held back that long).
public actor InventoryTracker {
    /// The sources merged, in priority order: between equally good claims on one VM the earlier source wins (see
    /// ``InventoryMerger``).
    public nonisolated let sources: [any InventorySource]
    /// How long a removed VM is held back in case it reappears on another host.
    public nonisolated let migrationGrace: Duration

    /// The current merged view.
    public private(set) var view: InventoryView = .empty

    private var lastGood: [String: InventorySnapshot] = [:]
    private var failures: [String: String] = [:]
    private var merger = InventoryMerger()
    private var pendingRemovals: [String: PendingRemoval] = [:]
    private let clock = ContinuousClock()

    private struct PendingRemoval {
        var vm: VirtualMachine
        var removedAt: Date
        var deadline: ContinuousClock.Instant
    }

    /// A tracker over `sources` (in priority order, see ``sources``) that holds removals back for `migrationGrace`;
    /// nothing is read until the first refresh.
    public init(sources: [any InventorySource], migrationGrace: Duration = .zero) {
        self.sources = sources
        self.migrationGrace = migrationGrace
    }

    /// Reads every source once (concurrently), recomputes the view and returns the
    /// events since the previous refresh. The first refresh reports every VM as added.
    @discardableResult
    public func refresh() async -> [InventoryEvent] {
        let results = await withTaskGroup(of: (Int, Result<InventorySnapshot, any Error>).self) { group in
            for (position, source) in sources.enumerated() {
                group.addTask {
                    do { return (position, .success(try await source.snapshot())) } catch {
                        return (position, .failure(error))
                    }
                }
            }
            // Collected then ordered (no indexed store: the release build trapped in
            // Array.subscript.modify on `results[position] = result` here, Swift 6.3).
            var collected: [(Int, Result<InventorySnapshot, any Error>)] = []
            for await item in group { collected.append(item) }
            collected.sort { $0.0 < $1.0 }
            return collected.map { Optional($0.1) }
        }
        let now = Date()
        var events: [InventoryEvent] = []
        for (source, result) in zip(sources, results) {
            switch result {
            case .success(let snapshot):
                lastGood[source.name] = snapshot
                if failures.removeValue(forKey: source.name) != nil {
                    events.append(InventoryEvent(timestamp: now, change: .sourceRecovered(source: source.name)))
                }
            case .failure(let error):
                // The event names the source already; keep the reason alone.
                let reason = (error as? InventorySourceError)?.reason ?? "\(error)"
                if failures[source.name] != reason {
                    events.append(
                        InventoryEvent(timestamp: now, change: .sourceFailed(source: source.name, reason: reason))
                    )
                }
                failures[source.name] = reason
            case nil:
                break
            }
        }
        let known = sources.compactMap { source in lastGood[source.name].map { (source: source.name, snapshot: $0) } }
        let (merged, mergeConflicts) = merger.merge(known, at: now)
        let previous = view.snapshot
        let index = InventoryIndex(merged)
        view = InventoryView(
            index: index,
            conflicts: mergeConflicts + index.conflicts,
            failingSources: failures,
            updatedAt: now
        )
        events += holdBackRemovals(InventoryDiff.events(from: previous, to: merged, at: now))
        events += expiredRemovals()
        return events
    }

    /// The change feed: refreshes every `pollInterval` and whenever a source signals a
    /// change, and yields each event. Events are relative to the view at the time of
    /// the call (call ``refresh()`` first to skip the initial "added" events).
    /// Ends when the consuming task is cancelled.
    public nonisolated func changes(pollInterval: Duration) -> AsyncStream<InventoryEvent> {
        let (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let (events, output) = AsyncStream<InventoryEvent>.makeStream()
        var tasks: [Task<Void, Never>] = []
        tasks.append(
            Task {
                while !Task.isCancelled {
                    wake.yield()
                    try? await Task.sleep(for: pollInterval)
                }
            }
        )
        for source in sources {
            guard let signals = source.changeSignals() else { continue }
            tasks.append(
                Task {
                    for await _ in signals { wake.yield() }
                }
            )
        }
        tasks.append(
            Task {
                for await _ in wakeups {
                    if Task.isCancelled { break }
                    for event in await self.refresh() { output.yield(event) }
                }
                output.finish()
            }
        )
        let started = tasks
        output.onTermination = { _ in
            for task in started { task.cancel() }
            wake.finish()
        }
        return events
    }

    /// With a grace period, holds `vmRemoved` back and turns a later `vmAdded` of the
    /// same VM into `vmMoved` (plus whatever else changed).
    private func holdBackRemovals(_ events: [InventoryEvent]) -> [InventoryEvent] {
        guard migrationGrace > .zero else { return events }
        var result: [InventoryEvent] = []
        for event in events {
            switch event.change {
            case .vmRemoved(let vm):
                pendingRemovals[vm.key] = PendingRemoval(
                    vm: vm,
                    removedAt: event.timestamp,
                    deadline: clock.now.advanced(by: migrationGrace)
                )
            case .vmAdded(let vm):
                if let pending = pendingRemovals.removeValue(forKey: vm.key) {
                    result += InventoryDiff.events(
                        from: InventorySnapshot(virtualMachines: [pending.vm]),
                        to: InventorySnapshot(virtualMachines: [vm]),
                        at: event.timestamp
                    )
                } else {
                    result.append(event)
                }
            default:
                result.append(event)
            }
        }
        return result
    }

    private func expiredRemovals() -> [InventoryEvent] {
        let now = clock.now
        let expired = pendingRemovals.filter { $0.value.deadline <= now }
        for key in expired.keys { pendingRemovals[key] = nil }
        return expired.values.sorted { $0.vm.name < $1.vm.name }.map {
            InventoryEvent(timestamp: $0.removedAt, change: .vmRemoved($0.vm))
        }
    }
}
