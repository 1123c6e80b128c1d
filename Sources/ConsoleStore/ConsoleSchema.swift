import SQLKit

/// The console's own tables, as ordered migrations. Times are integer milliseconds since 1970;
/// secrets are stored only as SHA-256 hex digests (passwords as bcrypt hashes).
public enum ConsoleSchema {
    /// Part 1 (users, tokens, agents, inventory, policy, audit). Later parts append theirs:
    /// `ConsoleSchema.core + FlowSchema.migrations`.
    public static let core: [ConsoleMigration] = [
        ConsoleMigration("0001-users-and-sessions") { db in
            try await db.create(table: "users").ifNotExists()
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull, .unique)
                .column("password_hash", type: .text, .notNull)
                .column("created_at", type: .bigint, .notNull)
                .run()
            try await db.create(table: "sessions").ifNotExists()
                .column("token_hash", type: .text, .primaryKey(autoIncrement: false))
                .column("user_id", type: .text, .notNull, .references("users", "id"))
                .column("created_at", type: .bigint, .notNull)
                .column("expires_at", type: .bigint, .notNull)
                .run()
        },
        ConsoleMigration("0002-api-and-enrollment-tokens") { db in
            try await db.create(table: "api_tokens").ifNotExists()
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull)
                .column("token_hash", type: .text, .notNull, .unique)
                .column("scope", type: .text, .notNull)
                .column("created_by", type: .text, .notNull)
                .column("created_at", type: .bigint, .notNull)
                .column("revoked_at", type: .bigint)
                .run()
            try await db.create(table: "enrollment_tokens").ifNotExists()
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("token_hash", type: .text, .notNull, .unique)
                .column("reusable", type: .bigint, .notNull)
                .column("uses", type: .bigint, .notNull)
                .column("created_by", type: .text, .notNull)
                .column("created_at", type: .bigint, .notNull)
                .column("expires_at", type: .bigint)
                .run()
        },
        ConsoleMigration("0003-agents") { db in
            try await db.create(table: "agents").ifNotExists()
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull)
                .column("secret_hash", type: .text, .notNull, .unique)
                .column("enrolled_at", type: .bigint, .notNull)
                .column("enrolled_from", type: .text, .notNull)
                .column("last_heartbeat_at", type: .bigint)
                .column("applied_revision", type: .text)
                .column("report", type: .text)
                .run()
        },
        ConsoleMigration("0004-inventory") { db in
            try await db.create(table: "inventory_estate").ifNotExists()
                .column("source", type: .text, .primaryKey(autoIncrement: false))
                .column("document", type: .text, .notNull)
                .column("updated_at", type: .bigint, .notNull)
                .run()
            try await db.create(table: "inventory_events").ifNotExists()
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("at", type: .bigint, .notNull)
                .column("source", type: .text, .notNull)
                .column("kind", type: .text, .notNull)
                .column("vm", type: .text)
                .column("from_host", type: .text)
                .column("to_host", type: .text)
                .column("detail", type: .text, .notNull)
                .run()
        },
        ConsoleMigration("0005-policy-revisions") { db in
            try await db.create(table: "policy_revisions").ifNotExists()
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("author", type: .text, .notNull)
                .column("created_at", type: .bigint, .notNull)
                .column("comment", type: .text, .notNull)
                .column("text", type: .text, .notNull)
                .run()
        },
        ConsoleMigration("0006-audit-log") { db in
            try await db.create(table: "audit_log").ifNotExists()
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("at", type: .bigint, .notNull)
                .column("actor", type: .text, .notNull)
                .column("action", type: .text, .notNull)
                .column("target", type: .text, .notNull)
                .column("remote", type: .text, .notNull)
                .column("detail", type: .text, .notNull)
                .run()
        },
    ]
}
