import ConsoleAgent
import ConsoleStore
import Hummingbird

/// The JSON bodies of the API (described in ``OpenAPIDocument``). Times are milliseconds since 1970.
public enum APIBodies {
    /// `POST /api/v1/auth/login`: a user's credentials.
    public struct Login: Codable, Sendable {
        /// The user's login name.
        public var name: String
        /// The user's password, checked against its bcrypt hash.
        public var password: String
    }

    /// The answer to a login: a session token (also set as the `vt_session` cookie).
    public struct Session: ResponseCodable, Sendable {
        /// The session's bearer secret; the console keeps only its SHA-256.
        public var token: String
        /// When the session ends (`sessionLifetimeSeconds` after the login).
        public var expiresAt: Int64
    }

    /// `GET /api/v1/me`: who the caller is.
    public struct Me: ResponseCodable, Sendable {
        /// The caller as the audit log names it (`user:NAME`, `token:NAME`, `agent:ID`).
        public var identity: String
        /// True when the caller may change things (a user session or a write-scoped token).
        public var canWrite: Bool
    }

    /// `POST /api/v1/users`: a new administrator.
    public struct NewUser: Codable, Sendable {
        /// The login name (unique).
        public var name: String
        /// The password; only its bcrypt hash is stored.
        public var password: String
    }

    /// A user as the API lists it (never its password hash).
    public struct User: ResponseCodable, Sendable {
        /// The user's id.
        public var id: String
        /// The login name.
        public var name: String
        /// When the user was created.
        public var createdAt: Int64
        init(_ record: UserRecord) { (id, name, createdAt) = (record.id, record.name, record.createdAt) }
    }

    /// `POST /api/v1/tokens`: a new API token.
    public struct NewToken: Codable, Sendable {
        /// The name to list the token by.
        public var name: String
        /// Read only, or read and write.
        public var scope: TokenScope
    }

    /// An API token as the API lists it.
    public struct Token: ResponseCodable, Sendable {
        /// The token's id (`DELETE /api/v1/tokens/{id}` revokes it).
        public var id: String
        /// The name its creator gave it.
        public var name: String
        /// Read only, or read and write.
        public var scope: TokenScope
        /// Who created it, as the audit log names identities.
        public var createdBy: String
        /// When it was created.
        public var createdAt: Int64
        /// When it was revoked; `nil` while it is valid.
        public var revokedAt: Int64?
        /// The secret, only in the answer to its creation.
        public var token: String?
        init(_ record: APITokenRecord, token: String? = nil) {
            (id, name, scope, createdBy, createdAt, revokedAt) =
                (record.id, record.name, record.scope, record.createdBy, record.createdAt, record.revokedAt)
            self.token = token
        }
    }

    /// `POST /api/v1/enrollment-tokens`: a new enrollment token.
    public struct NewEnrollmentToken: Codable, Sendable {
        /// True to let the token enroll several agents; one use when absent or false.
        public var reusable: Bool?
        /// Seconds until the token stops working (1 to 366 days); no expiry when absent.
        public var expiresInSeconds: Double?
    }

    /// An enrollment token as the API lists it.
    public struct EnrollmentToken: ResponseCodable, Sendable {
        /// The token's id.
        public var id: String
        /// True when the token may enroll several agents.
        public var reusable: Bool
        /// How many agents enrolled with it.
        public var uses: Int64
        /// Who created it, as the audit log names identities.
        public var createdBy: String
        /// When it was created.
        public var createdAt: Int64
        /// When it stops working; `nil` for never.
        public var expiresAt: Int64?
        /// The secret, only in the answer to its creation.
        public var token: String?
        init(_ record: EnrollmentTokenRecord, token: String? = nil) {
            (id, reusable, uses, createdBy, createdAt, expiresAt) =
                (record.id, record.reusable != 0, record.uses, record.createdBy, record.createdAt, record.expiresAt)
            self.token = token
        }
    }

    /// An enrolled agent as `GET /api/v1/agents` lists it.
    public struct Agent: ResponseCodable, Sendable {
        /// The agent's id.
        public var id: String
        /// The name it enrolled with (its host's name).
        public var name: String
        /// When it enrolled.
        public var enrolledAt: Int64
        /// The address it enrolled from.
        public var enrolledFrom: String
        /// When its last heartbeat arrived; `nil` before the first.
        public var lastHeartbeatAt: Int64?
        /// The bundle revision its last heartbeat said it runs.
        public var appliedRevision: String?
        /// Connected, pending or disconnected by the heartbeats missed, or enrolled without one.
        public var status: AgentStatus
        /// The last heartbeat's counters; `nil` before the first.
        public var report: AgentHeartbeat?
    }

    /// `POST /api/v1/policy/revisions`: a policy to store as the new current revision.
    public struct NewPolicy: Codable, Sendable {
        /// The policy's YAML text; refused with 422 (and the line and column) when invalid.
        public var text: String
        /// A comment for the revision list and the audit log.
        public var comment: String?
    }

    /// `POST /api/v1/policy/validate` and `/policy/dry-run`: a policy text to check.
    public struct PolicyText: Codable, Sendable {
        /// The policy's YAML text.
        public var text: String
    }

    /// A stored policy revision.
    public struct PolicyRevision: ResponseCodable, Sendable {
        /// The revision's number; the highest is in force.
        public var id: Int64
        /// Who submitted it, as the audit log names identities.
        public var author: String
        /// When it was stored.
        public var createdAt: Int64
        /// The submitter's comment (empty when none).
        public var comment: String
        /// The YAML text; left out of revision lists.
        public var text: String?
        init(_ record: PolicyRevisionRecord, withText: Bool) {
            (id, author, createdAt, comment) = (record.id ?? 0, record.author, record.createdAt, record.comment)
            text = withText ? record.text : nil
        }
    }

    /// The answer to `POST /api/v1/policy/validate` for a valid text (an invalid one is a 422).
    public struct Validation: ResponseCodable, Sendable {
        /// Always true: invalid texts are answered with an error.
        public var valid: Bool
        /// The policy's number of destinations.
        public var destinations: Int
        /// The policy's number of rules.
        public var rules: Int
    }

    /// `GET /healthz`: the console answers and reaches its database.
    public struct Health: ResponseCodable, Sendable {
        /// `ok`.
        public var status: String
        /// The database engine: `sqlite` or `postgresql`.
        public var database: String
    }

    /// A list answer: `{"items": [...]}`.
    public struct Page<Item: Codable & Sendable>: ResponseCodable, Sendable {
        /// The items of this page.
        public var items: [Item]
    }
}

extension ConfigBundle: ResponseCodable {}
extension AgentCredential: ResponseCodable {}
extension PolicyDryRun: ResponseEncodable {}
