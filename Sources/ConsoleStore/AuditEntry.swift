/// One change made through the console: who, what (action on target), when, from where.
public struct AuditEntry: Codable, Sendable, Equatable {
    /// The entry's number, assigned by the database on insert (`nil` before).
    public var id: Int64?
    /// When the change was made, in milliseconds since 1970.
    public var at: Int64
    /// Who made it: `user:NAME`, `token:NAME`, `agent:ID` or `enrollment:ID`.
    public var actor: String
    /// What was done, as `object.verb` (`policy.create`, `agent.enroll`, `session.logout`).
    public var action: String
    /// What it was done to (an id or a name; empty when the action has no object).
    public var target: String
    /// The client's address (`local` without a peer address).
    public var remote: String
    /// Free text: the comment given with the change, or details; empty when none.
    public var detail: String

    /// An entry with the given columns; `id` is left to the database.
    public init(
        id: Int64? = nil,
        at: Int64,
        actor: String,
        action: String,
        target: String,
        remote: String,
        detail: String = ""
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.remote = remote
        self.detail = detail
    }
}
