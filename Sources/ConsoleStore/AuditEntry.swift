/// One change made through the console: who, what (action on target), when, from where.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: Int64?
    public var at: Int64
    public var actor: String
    public var action: String
    public var target: String
    public var remote: String
    public var detail: String

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
