/// A token an agent exchanges once (or, when reusable, repeatedly) for its own secret.
public struct EnrollmentTokenRecord: Codable, Sendable, Equatable {
    public var id: String
    public var tokenHash: String
    /// 1 when the token may enroll several agents, 0 for one use (an integer on both engines).
    public var reusable: Int64
    public var uses: Int64
    public var createdBy: String
    public var createdAt: Int64
    public var expiresAt: Int64?

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
