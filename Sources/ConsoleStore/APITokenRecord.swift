/// An API token (the token itself is shown once at creation; only its SHA-256 is stored).
public struct APITokenRecord: Codable, Sendable, Equatable {
    /// The token's id: 16 hex digits, used in the API's paths and the audit log.
    public var id: String
    /// The name its creator gave it.
    public var name: String
    /// The SHA-256 of the token's secret, in hex (unique).
    public var tokenHash: String
    /// Whether the token may only read or also change things.
    public var scope: TokenScope
    /// Who created it, as the audit log names identities (`user:NAME`, `token:NAME`).
    public var createdBy: String
    /// When it was created, in milliseconds since 1970.
    public var createdAt: Int64
    /// When it was revoked, in milliseconds since 1970; `nil` while it is valid.
    public var revokedAt: Int64?

    /// A token record with the given columns.
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
