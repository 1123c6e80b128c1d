/// An API token (the token itself is shown once at creation; only its SHA-256 is stored).
public struct APITokenRecord: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var tokenHash: String
    public var scope: TokenScope
    public var createdBy: String
    public var createdAt: Int64
    public var revokedAt: Int64?

    public init(
        id: String,
        name: String,
        tokenHash: String,
        scope: TokenScope,
        createdBy: String,
        createdAt: Int64,
        revokedAt: Int64? = nil
    ) {
        self.id = id
        self.name = name
        self.tokenHash = tokenHash
        self.scope = scope
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
