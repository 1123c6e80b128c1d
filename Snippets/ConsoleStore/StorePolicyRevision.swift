// Opens a console database (an SQLite file, created and migrated on first use), prints the policy
// revision in force, validates a policy file and stores it as the new current revision with an
// audit entry, then reads both back. `tapctl console --db FILE` serves the same file.
//
// Usage: StorePolicyRevision DATABASE.sqlite POLICY.yaml
import ConsoleStore
import Foundation
import Policy

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 2, let path = arguments.first, let policyPath = arguments.last else {
    print("usage: StorePolicyRevision DATABASE.sqlite POLICY.yaml")
    exit(2)
}
// `postgres://...` instead of a path opens PostgreSQL: the same queries run on both engines.
let database = try await ConsoleDatabase.open(DatabaseLocation(parsing: path))
let store = ConsoleStore(database)

if let current = try await store.currentPolicyRevision() {
    print("current=\(current.id ?? 0) author=\(current.author) bytes=\(current.text.utf8.count)")
} else {
    print("current=none")
}

// The console stores only valid policies: parse and check the text before storing it.
let text = try String(contentsOfFile: policyPath, encoding: .utf8)
let policy = try PolicyParser(file: policyPath).parse(text)
let now = ConsoleClock.nowMilliseconds()
let comment = "from \(policyPath)"
let id = try await store.addPolicyRevision(
    PolicyRevisionRecord(author: "snippet", createdAt: now, comment: comment, text: text)
)
try await store.addAudit(
    AuditEntry(
        at: now,
        actor: "snippet",
        action: "policy.create",
        target: String(id),
        remote: "local",
        detail: comment
    )
)

let stored = try await store.currentPolicyRevision()
let audit = try await store.auditLog(limit: 100)
print(
    "stored=\(stored?.id ?? 0) bytes=\(stored?.text.utf8.count ?? 0) rules=\(policy.rules.count) audit=\(audit.count)"
)
try await database.close()
