/// One accepted policy revision; the newest is in force (invalid texts are never stored).
public struct PolicyRevisionRecord: Codable, Sendable, Equatable {
    /// The revision's number, assigned by the database on insert (`nil` before); the highest is in force.
    public var id: Int64?
    /// Who submitted it, as the audit log names identities.
    public var author: String
    /// When it was stored, in milliseconds since 1970.
    public var createdAt: Int64
    /// The submitter's comment; empty when none was given.
    public var comment: String
    /// The policy's YAML text, exactly as submitted.
    public var text: String

    /// A revision record with the given columns; `id` is left to the database.
    public init(id: Int64? = nil, author: String, createdAt: Int64, comment: String, text: String) {
        self.id = id
        self.author = author
        self.createdAt = createdAt
        self.comment = comment
        self.text = text
    }
}
