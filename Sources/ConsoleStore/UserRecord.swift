/// An administrator of the console (the password is stored only as a bcrypt hash).
public struct UserRecord: Codable, Sendable, Equatable {
    /// The user's id: 16 hex digits.
    public var id: String
    /// The login name (unique).
    public var name: String
    /// The password's bcrypt hash.
    public var passwordHash: String
    /// When the user was created, in milliseconds since 1970.
    public var createdAt: Int64

    /// A user record with the given columns.
    public init(id: String, name: String, passwordHash: String, createdAt: Int64) {
        self.id = id
        self.name = name
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}
