import ConsoleAgent
import ConsoleStore
import Foundation
import SQLKit
import Testing

/// The store on SQLite and on PostgreSQL: the same tests, one code path.
@Suite("Console store")
struct ConsoleStoreTests {
    @Test("migrations run in order once, later lists append, unknown ones are refused", arguments: TestEngine.tested)
    func migrations(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let database = try await ConsoleDatabase.open(location)
            let runner = try MigrationRunner(ConsoleSchema.all)
            #expect(try await runner.appliedNames(on: database.sql) == ConsoleSchema.all.map(\.name))
            #expect(try await runner.run(on: database.sql) == [])
            let extra = ConsoleMigration("9001-test-extra") { db in
                try await db.create(table: "extra_rows").column("n", type: .bigint, .notNull).run()
            }
            let longer = try MigrationRunner(ConsoleSchema.all + [extra])
            #expect(try await longer.run(on: database.sql) == ["9001-test-extra"])
            try await database.sql.insert(into: "extra_rows").columns("n").values(SQLBind(7)).run()
            await #expect(throws: MigrationError.unknownMigrationInDatabase("9001-test-extra")) {
                try await runner.run(on: database.sql)
            }
            try await database.close()
        }
    }

    @Test("a migration list with a name twice is refused")
    func duplicateNames() {
        let step = ConsoleMigration("0001-x") { _ in }
        #expect(throws: MigrationError.duplicateName("0001-x")) { try MigrationRunner([step, step]) }
    }

    @Test("everything written survives closing and reopening", arguments: TestEngine.tested)
    func survivesReopen(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            var database = try await ConsoleDatabase.open(location)
            var store = ConsoleStore(database)
            try await store.addUser(UserRecord(id: "u1", name: "admin", passwordHash: "$2b$hash", createdAt: 1))
            try await store.addAPIToken(
                APITokenRecord(id: "t1", name: "ci", tokenHash: "h1", scope: .read, createdBy: "admin", createdAt: 2)
            )
            try await store.addAgent(
                AgentRecord(id: "a1", name: "host-a", secretHash: "s1", enrolledAt: 3, enrolledFrom: "127.0.0.1")
            )
            let heartbeat = AgentHeartbeat(
                appliedRevision: "1",
                destinations: [HeartbeatDestination(name: "ids", packets: 3, bytes: 300, drops: 0, errors: 0)]
            )
            try await store.recordHeartbeat(agentID: "a1", at: 4, heartbeat)
            try await store.saveEstate(source: "file:a.yaml", document: "{}", at: 5)
            let eventID = try await store.addEstateEvent(
                EstateEventRecord(
                    at: 6,
                    source: "file:a.yaml",
                    kind: "migrated",
                    vm: "web-1",
                    fromHost: "h1",
                    toHost: "h2",
                    detail: ""
                )
            )
            let revision = try await store.addPolicyRevision(
                PolicyRevisionRecord(author: "admin", createdAt: 7, comment: "first", text: "rules: []")
            )
            try await store.addAudit(
                AuditEntry(at: 8, actor: "user:admin", action: "policy.create", target: "1", remote: "127.0.0.1")
            )
            try await database.close()

            database = try await ConsoleDatabase.open(location)
            store = ConsoleStore(database)
            #expect(try await store.user(named: "admin")?.passwordHash == "$2b$hash")
            #expect(try await store.apiToken(hash: "h1")?.scope == .read)
            let agent = try #require(try await store.agent(secretHash: "s1"))
            #expect(agent.lastHeartbeatAt == 4 && agent.appliedRevision == "1")
            #expect(try JSONDecoder().decode(AgentHeartbeat.self, from: Data((agent.report ?? "").utf8)) == heartbeat)
            #expect(try await store.latestHeartbeatSamples(agentID: "a1", heartbeats: 1).map(\.packets) == [0, 3])
            #expect(try await store.estates() == ["file:a.yaml": "{}"])
            #expect(try await store.estateEvents(limit: 10).map(\.id) == [eventID])
            #expect(try await store.estateEvents(limit: 10).first?.toHost == "h2")
            #expect(try await store.currentPolicyRevision()?.id == revision)
            #expect(try await store.currentPolicyRevision()?.text == "rules: []")
            #expect(try await store.auditLog(limit: 10).first?.action == "policy.create")
            try await database.close()
        }
    }

    @Test(
        "a one-time enrollment token is used once; a reusable one many times; expired never",
        arguments: TestEngine.tested
    )
    func enrollmentTokens(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let database = try await ConsoleDatabase.open(location)
            let store = ConsoleStore(database)
            try await store.addEnrollmentToken(
                EnrollmentTokenRecord(id: "e1", tokenHash: "once", reusable: false, createdBy: "a", createdAt: 1)
            )
            try await store.addEnrollmentToken(
                EnrollmentTokenRecord(id: "e2", tokenHash: "many", reusable: true, createdBy: "a", createdAt: 1)
            )
            try await store.addEnrollmentToken(
                EnrollmentTokenRecord(
                    id: "e3",
                    tokenHash: "old",
                    reusable: true,
                    createdBy: "a",
                    createdAt: 1,
                    expiresAt: 10
                )
            )
            #expect(try await store.consumeEnrollmentToken(hash: "once", now: 5) == "e1")
            #expect(try await store.consumeEnrollmentToken(hash: "once", now: 5) == nil)
            #expect(try await store.consumeEnrollmentToken(hash: "many", now: 5) == "e2")
            #expect(try await store.consumeEnrollmentToken(hash: "many", now: 5) == "e2")
            #expect(try await store.consumeEnrollmentToken(hash: "old", now: 5) == "e3")
            #expect(try await store.consumeEnrollmentToken(hash: "old", now: 11) == nil)
            #expect(try await store.consumeEnrollmentToken(hash: "unknown", now: 5) == nil)
            try await database.close()
        }
    }

    @Test("two handles on one database see each other's writes", arguments: TestEngine.tested)
    func twoHandles(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let first = ConsoleStore(try await ConsoleDatabase.open(location))
            let second = ConsoleStore(try await ConsoleDatabase.open(location))
            try await first.addPolicyRevision(
                PolicyRevisionRecord(author: "a", createdAt: 1, comment: "one", text: "x")
            )
            #expect(try await second.currentPolicyRevision()?.comment == "one")
            try await second.addPolicyRevision(
                PolicyRevisionRecord(author: "b", createdAt: 2, comment: "two", text: "y")
            )
            #expect(try await first.currentPolicyRevision()?.comment == "two")
            try await first.database.close()
            try await second.database.close()
        }
    }

    @Test("a PostgreSQL URL's password is hidden when printed")
    func locationDescription() {
        #expect(DatabaseLocation(parsing: "postgres://u:secret@h:5432/d").description == "postgres://u:***@h:5432/d")
        #expect(DatabaseLocation(parsing: "postgresql://u@h/d") == .postgres(url: "postgres://u@h/d"))
        #expect(DatabaseLocation(parsing: "console.sqlite") == .sqlite(path: "console.sqlite"))
    }
}
