import ConsoleAgent
import ConsoleStore
import Hummingbird

/// The JSON bodies of the API (described in ``OpenAPIDocument``).
public enum APIBodies {
    public struct Login: Codable, Sendable { public var name: String, password: String }
    public struct Session: ResponseCodable, Sendable { public var token: String, expiresAt: Int64 }
    public struct Me: ResponseCodable, Sendable { public var identity: String, canWrite: Bool }
    public struct NewUser: Codable, Sendable { public var name: String, password: String }
    public struct User: ResponseCodable, Sendable {
        public var id: String, name: String, createdAt: Int64
        init(_ record: UserRecord) { (id, name, createdAt) = (record.id, record.name, record.createdAt) }
    }
    public struct NewToken: Codable, Sendable { public var name: String, scope: TokenScope }
    public struct Token: ResponseCodable, Sendable {
        public var id: String, name: String, scope: TokenScope, createdBy: String, createdAt: Int64, revokedAt: Int64?
        /// The secret, only in the answer to its creation.
        public var token: String?
        init(_ record: APITokenRecord, token: String? = nil) {
            (id, name, scope, createdBy, createdAt, revokedAt) =
                (record.id, record.name, record.scope, record.createdBy, record.createdAt, record.revokedAt)
            self.token = token
        }
    }
    public struct NewEnrollmentToken: Codable, Sendable { public var reusable: Bool?, expiresInSeconds: Double? }
    public struct EnrollmentToken: ResponseCodable, Sendable {
        public var id: String, reusable: Bool, uses: Int64, createdBy: String, createdAt: Int64, expiresAt: Int64?
        public var token: String?
        init(_ record: EnrollmentTokenRecord, token: String? = nil) {
            (id, reusable, uses, createdBy, createdAt, expiresAt) =
                (record.id, record.reusable != 0, record.uses, record.createdBy, record.createdAt, record.expiresAt)
            self.token = token
        }
    }
    public struct Agent: ResponseCodable, Sendable {
        public var id: String, name: String, enrolledAt: Int64, enrolledFrom: String
        public var lastHeartbeatAt: Int64?, appliedRevision: String?, status: AgentStatus
        public var report: AgentHeartbeat?
    }
    public struct NewPolicy: Codable, Sendable { public var text: String, comment: String? }
    public struct PolicyText: Codable, Sendable { public var text: String }
    public struct PolicyRevision: ResponseCodable, Sendable {
        public var id: Int64, author: String, createdAt: Int64, comment: String
        public var text: String?
        init(_ record: PolicyRevisionRecord, withText: Bool) {
            (id, author, createdAt, comment) = (record.id ?? 0, record.author, record.createdAt, record.comment)
            text = withText ? record.text : nil
        }
    }
    public struct Validation: ResponseCodable, Sendable {
        public var valid: Bool, destinations: Int, rules: Int
    }
    public struct Health: ResponseCodable, Sendable { public var status: String, database: String }
    public struct Page<Item: Codable & Sendable>: ResponseCodable, Sendable { public var items: [Item] }
}

extension ConfigBundle: ResponseCodable {}
extension AgentCredential: ResponseCodable {}
extension PolicyDryRun: ResponseEncodable {}
