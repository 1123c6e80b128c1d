/// An administrator of the console (the password is stored only as a bcrypt hash).
public struct UserRecord: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var passwordHash: String
    public var createdAt: Int64

    public init(id: String, name: String, passwordHash: String, createdAt: Int64) {
        self.id = id
        self.name = name
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}
