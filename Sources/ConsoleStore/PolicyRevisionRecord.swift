/// One accepted policy revision; the newest is in force (invalid texts are never stored).
public struct PolicyRevisionRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var author: String
    public var createdAt: Int64
    public var comment: String
    public var text: String

    public init(id: Int64? = nil, author: String, createdAt: Int64, comment: String, text: String) {
        self.id = id
        self.author = author
        self.createdAt = createdAt
        self.comment = comment
        self.text = text
    }
}
