/// A token an agent exchanges once (or, when reusable, repeatedly) for its own secret.
public struct EnrollmentTokenRecord: Codable, Sendable, Equatable {
    /// The token's id: 16 hex digits, used in the API's paths.
    public var id: String
    /// The SHA-256 of the token's secret, in hex (unique).
    public var tokenHash: String
    /// 1 when the token may enroll several agents, 0 for one use (an integer on both engines).
    public var reusable: Int64
    /// How many agents enrolled with it.
    public var uses: Int64
    /// Who created it, as the audit log names identities.
    public var createdBy: String
    /// When it was created, in milliseconds since 1970.
    public var createdAt: Int64
    /// When it stops working, in milliseconds since 1970; `nil` for never.
    public var expiresAt: Int64?

    /// A token record; `reusable` is stored as 1 or 0.
    public init(
        id: String,
        tokenHash: String,
        reusable: Bool,
        uses: Int64 = 0,
        createdBy: String,
        createdAt: Int64,
        expiresAt: Int64? = nil
    ) {
        self.id = id
        self.tokenHash = tokenHash
        self.reusable = reusable ? 1 : 0
        self.uses = uses
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
