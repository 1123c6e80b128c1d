import Foundation

/// The merged estate at one moment, with its lookups, the conflicts between what
/// sources claim, and which sources are currently failing.
public struct InventoryView: Sendable {
    /// Lookups over the merged snapshot.
    public let index: InventoryIndex
    /// Conflicts from merging sources and from indexing (duplicate MACs, IPs, interfaces).
    public let conflicts: [InventoryConflict]
    /// Sources whose last read failed, with the reason; their last good snapshot is
    /// still part of the view.
    public let failingSources: [String: String]
    /// When the view was last recomputed (`nil` before the first refresh).
    public let updatedAt: Date?

    /// A view with the given parts.
    public init(
        index: InventoryIndex,
        conflicts: [InventoryConflict],
        failingSources: [String: String],
        updatedAt: Date?
    ) {
        self.index = index
        self.conflicts = conflicts
        self.failingSources = failingSources
        self.updatedAt = updatedAt
    }

    /// The view before anything was read.
    public static let empty = InventoryView(
        index: InventoryIndex(.empty),
        conflicts: [],
        failingSources: [:],
        updatedAt: nil
    )

    /// The merged snapshot (canonical order).
    public var snapshot: InventorySnapshot { index.snapshot }
}
