import SQLKit

// Policy revisions (only valid ones are stored; the newest is current) and the audit log.
extension ConsoleStore {
    /// Inserts `revision` and returns its id, which makes it the current one (the highest id is current). Validating
    /// the text is the caller's duty.
    @discardableResult
    public func addPolicyRevision(_ revision: PolicyRevisionRecord) async throws -> Int64 {
        try await insertReturningID(revision, into: "policy_revisions")
    }

    /// The revision in force: the one with the highest id; `nil` when none was stored.
    public func currentPolicyRevision() async throws -> PolicyRevisionRecord? {
        try await first(
            sql.select().column("*").from("policy_revisions").orderBy("id", .descending).limit(1),
            as: PolicyRevisionRecord.self
        )
    }

    /// The revision with `id`; `nil` when there is none.
    public func policyRevision(id: Int64) async throws -> PolicyRevisionRecord? {
        try await first(
            sql.select().column("*").from("policy_revisions").where("id", .equal, id),
            as: PolicyRevisionRecord.self
        )
    }

    /// Revisions newest first, without their text.
    public func policyRevisions(limit: Int) async throws -> [PolicyRevisionRecord] {
        try await sql.select().columns("id", "author", "created_at", "comment").from("policy_revisions")
            .orderBy("id", .descending).limit(limit).all().map { row in
                PolicyRevisionRecord(
                    id: try row.decode(column: "id", as: Int64.self),
                    author: try row.decode(column: "author", as: String.self),
                    createdAt: try row.decode(column: "created_at", as: Int64.self),
                    comment: try row.decode(column: "comment", as: String.self),
                    text: ""
                )
            }
    }

    /// Appends `entry` to the audit log and returns its id.
    @discardableResult
    public func addAudit(_ entry: AuditEntry) async throws -> Int64 {
        try await insertReturningID(entry, into: "audit_log")
    }

    /// Audit entries newest first.
    public func auditLog(limit: Int, before: Int64? = nil) async throws -> [AuditEntry] {
        var query = sql.select().column("*").from("audit_log")
        if let before { query = query.where("id", .lessThan, before) }
        return try await all(query.orderBy("id", .descending).limit(limit), as: AuditEntry.self)
    }
}
