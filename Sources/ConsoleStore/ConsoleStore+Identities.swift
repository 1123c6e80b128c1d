import SQLKit

// Users, login sessions, API tokens and enrollment tokens.
extension ConsoleStore {
    /// Inserts `user`.
    ///
    /// - Throws: the database's error, for example when the name is taken (names are unique).
    public func addUser(_ user: UserRecord) async throws { try await insert(user, into: "users") }

    /// The user named `name`; `nil` when there is none.
    public func user(named name: String) async throws -> UserRecord? {
        try await first(sql.select().column("*").from("users").where("name", .equal, name), as: UserRecord.self)
    }

    /// The user with `id`; `nil` when there is none.
    public func user(id: String) async throws -> UserRecord? {
        try await first(sql.select().column("*").from("users").where("id", .equal, id), as: UserRecord.self)
    }

    /// Every user, ordered by name.
    public func users() async throws -> [UserRecord] {
        try await all(sql.select().column("*").from("users").orderBy("name"), as: UserRecord.self)
    }

    /// Records a login session: the SHA-256 of its token, its user and its lifetime (milliseconds since 1970).
    public func addSession(tokenHash: String, userID: String, createdAt: Int64, expiresAt: Int64) async throws {
        try await sql.insert(into: "sessions").columns("token_hash", "user_id", "created_at", "expires_at")
            .values(SQLBind(tokenHash), SQLBind(userID), SQLBind(createdAt), SQLBind(expiresAt)).run()
    }

    /// The user of an unexpired session.
    public func sessionUser(tokenHash: String, now: Int64) async throws -> UserRecord? {
        guard
            let row = try await sql.select().column("user_id").from("sessions")
                .where("token_hash", .equal, tokenHash).where("expires_at", .greaterThan, now).first()
        else { return nil }
        return try await user(id: row.decode(column: "user_id", as: String.self))
    }

    /// Ends the session whose token hashes to `tokenHash`; nothing happens when there is none.
    public func deleteSession(tokenHash: String) async throws {
        try await sql.delete(from: "sessions").where("token_hash", .equal, tokenHash).run()
    }

    /// Inserts `token`.
    ///
    /// - Throws: the database's error, for example when the id or the hash already exists.
    public func addAPIToken(_ token: APITokenRecord) async throws { try await insert(token, into: "api_tokens") }

    /// An unrevoked API token by the hash of its secret.
    public func apiToken(hash: String) async throws -> APITokenRecord? {
        try await first(
            sql.select().column("*").from("api_tokens").where("token_hash", .equal, hash).where(
                "revoked_at",
                .is,
                SQLLiteral.null
            ),
            as: APITokenRecord.self
        )
    }

    /// Every API token, revoked ones included, oldest first.
    public func apiTokens() async throws -> [APITokenRecord] {
        try await all(sql.select().column("*").from("api_tokens").orderBy("created_at"), as: APITokenRecord.self)
    }

    /// Marks a token revoked; returns false when no unrevoked token has that id.
    public func revokeAPIToken(id: String, at time: Int64) async throws -> Bool {
        try await sql.update("api_tokens").set("revoked_at", to: time).where("id", .equal, id)
            .where("revoked_at", .is, SQLLiteral.null).returning("id").first() != nil
    }

    /// Inserts `token`.
    ///
    /// - Throws: the database's error, for example when the id or the hash already exists.
    public func addEnrollmentToken(_ token: EnrollmentTokenRecord) async throws {
        try await insert(token, into: "enrollment_tokens")
    }

    /// Every enrollment token, used and expired ones included, oldest first.
    public func enrollmentTokens() async throws -> [EnrollmentTokenRecord] {
        try await all(
            sql.select().column("*").from("enrollment_tokens").orderBy("created_at"),
            as: EnrollmentTokenRecord.self
        )
    }

    /// Uses an enrollment token: succeeds (atomically, also across console processes) only when
    /// it exists, has not expired, and is reusable or not yet used. Returns its id.
    public func consumeEnrollmentToken(hash: String, now: Int64) async throws -> String? {
        let row = try await sql.update("enrollment_tokens").set(SQLIdentifier("uses"), to: SQLRaw("uses + 1"))
            .where("token_hash", .equal, hash)
            .where { $0.where("reusable", .equal, 1).orWhere("uses", .equal, 0) }
            .where { $0.where("expires_at", .is, SQLLiteral.null).orWhere("expires_at", .greaterThan, now) }
            .returning("id").first()
        return try row?.decode(column: "id", as: String.self)
    }
}
