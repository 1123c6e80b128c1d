import ConsoleStore
import Foundation
import SQLKit
import TestSupport
import Testing

/// The two engines every store and API suite runs on.
enum TestEngine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The engines of this run: SQLite always; PostgreSQL (a real server, an independent peer)
    /// in the interop tier (`VTAP_INTEROP=1`), where a missing server is a failure.
    /// ``PostgresTierTests`` says why PostgreSQL is off in a unit run.
    static var tested: [TestEngine] { TestTier.interop ? [.sqlite, .postgres] : [.sqlite] }
}

/// The PostgreSQL half of the store and API suites needs a server.
@Suite(
    "Console store engines",
    .tags(.interop),
    .enabled(
        if: TestTier.interop,
        "PostgreSQL runs in the interop tier: set VTAP_INTEROP=1 and VIRTUALTAP_TEST_POSTGRES_URL (scripts/postgres-cluster.sh start prints one)"
    )
)
struct PostgresTierTests {
    @Test("the PostgreSQL server of the interop tier is reachable (the store and API suites run on it too)")
    func postgresReachable() async throws {
        try await TestDatabase.with(.postgres) { location in
            let database = try await ConsoleDatabase.open(location)
            do {
                let row = try await database.sql.raw("SELECT version() AS v").first()
                #expect(try row?.decode(column: "v", as: String.self).hasPrefix("PostgreSQL") == true)
            } catch {
                Issue.record("SELECT version(): \(String(reflecting: error))")
            }
            try await database.close()
        }
    }
}

/// A fresh, empty database on one engine: a new SQLite file in a temporary folder, or a new
/// PostgreSQL database on the server named by `VIRTUALTAP_TEST_POSTGRES_URL`
/// (`scripts/postgres-cluster.sh start` prints one; scripts/test.sh exports it).
struct TestDatabase: Sendable {
    let location: DatabaseLocation
    private let cleanup: @Sendable () async -> Void

    private init(location: DatabaseLocation, cleanup: @escaping @Sendable () async -> Void) {
        self.location = location
        self.cleanup = cleanup
    }

    static let postgresURLVariable = "VIRTUALTAP_TEST_POSTGRES_URL"

    static func make(_ engine: TestEngine) async throws -> TestDatabase {
        let name = "vt_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(String(name))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return TestDatabase(location: .sqlite(path: folder.appendingPathComponent("console.sqlite").path)) {
                try? FileManager.default.removeItem(at: folder)
            }
        case .postgres:
            guard let base = ProcessInfo.processInfo.environment[postgresURLVariable], !base.isEmpty else {
                throw TestDatabaseError.noPostgres
            }
            // CREATE DATABASE copies template1 and fails while another one is copying it (the
            // suites run in parallel): a few tries.
            var attempt = 0
            while true {
                do {
                    let admin = try await ConsoleDatabase.open(.postgres(url: base), migrations: [])
                    let created: Result<Void, any Error>
                    do {
                        try await admin.sql.raw("CREATE DATABASE \(unsafeRaw: String(name))").run()
                        created = .success(())
                    } catch {
                        created = .failure(error)
                    }
                    try? await admin.close()
                    try created.get()
                    break
                } catch {
                    attempt += 1
                    guard attempt < 5 else {
                        throw HarnessError("cannot create a test database on \(base): \(String(reflecting: error))")
                    }
                    // A retry with a growing pause: the server may still be starting (nothing to poll but the connection itself).
                    try await Task.sleep(for: .milliseconds(100 * attempt))
                }
            }
            guard let slash = base.lastIndex(of: "/") else { throw TestDatabaseError.noPostgres }
            let url = String(base[...slash]) + name
            return TestDatabase(location: .postgres(url: url)) {
                guard let admin = try? await ConsoleDatabase.open(.postgres(url: base), migrations: []) else { return }
                try? await admin.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run()
                try? await admin.close()
            }
        }
    }

    /// Runs `body` with a fresh database on `engine` and removes it afterwards.
    static func with<T>(_ engine: TestEngine, _ body: (DatabaseLocation) async throws -> T) async throws -> T {
        let database = try await make(engine)
        do {
            let result = try await body(database.location)
            await database.cleanup()
            return result
        } catch {
            await database.cleanup()
            throw error
        }
    }
}

enum TestDatabaseError: Error, CustomStringConvertible {
    case noPostgres

    var description: String {
        "PostgreSQL tests need \(TestDatabase.postgresURLVariable) (run scripts/postgres-cluster.sh start and export the URL it prints)"
    }
}
