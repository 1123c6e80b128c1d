/// One change of the estate as the console saw it (VM added/removed, NIC changed, migration).
public struct EstateEventRecord: Codable, Sendable, Equatable {
    /// The event's number, assigned by the database on insert (`nil` before); newer events have higher ids.
    public var id: Int64?
    /// When the change was noticed, in milliseconds since 1970.
    public var at: Int64
    /// The inventory source that reported it (empty when the event names none).
    public var source: String
    /// The event's kind as `InventoryEvent`'s `kind` spells it (`added`, `moved`, `source-failed`, ...).
    public var kind: String
    /// The VM's name, for VM events.
    public var vm: String?
    /// For a migration: the host the VM left.
    public var fromHost: String?
    /// For a migration: the host the VM runs on now.
    public var toHost: String?
    /// The whole event as JSON (an `InventoryEventRecord` with sorted keys).
    public var detail: String

    /// An event record with the given columns; `id` is left to the database.
    public init(
        id: Int64? = nil,
        at: Int64,
        source: String,
        kind: String,
        vm: String?,
        fromHost: String? = nil,
        toHost: String? = nil,
        detail: String
    ) {
        self.id = id
        self.at = at
        self.source = source
        self.kind = kind
        self.vm = vm
        self.fromHost = fromHost
        self.toHost = toHost
        self.detail = detail
    }
}
