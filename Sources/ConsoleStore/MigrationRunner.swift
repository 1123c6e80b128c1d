import Foundation
import SQLKit

/// Brings a database up to an ordered list of migrations.
///
/// Guarantees: migrations run in list order, each at most once per database (recorded in
/// `schema_migrations` with its position and time); a database that holds a migration the list
/// does not know (a newer console wrote it) is refused rather than changed. Other parts of the
/// console append their migrations to ``ConsoleSchema/core`` and pass the longer list.
public struct MigrationRunner: Sendable {
    /// The migrations in the order they run.
    public let migrations: [ConsoleMigration]

    /// A runner for `migrations`, in order.
    ///
    /// - Throws: ``MigrationError/duplicateName(_:)`` when two migrations share a name.
    public init(_ migrations: [ConsoleMigration]) throws(MigrationError) {
        var seen = Set<String>()
        for migration in migrations where !seen.insert(migration.name).inserted {
            throw .duplicateName(migration.name)
        }
        self.migrations = migrations
    }

    /// Applies every migration not yet recorded; returns the names applied by this call.
    @discardableResult
    public func run(on database: any SQLDatabase) async throws -> [String] {
        try await database.create(table: "schema_migrations").ifNotExists()
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("position", type: .bigint, .notNull)
            .column("applied_at", type: .bigint, .notNull)
            .run()
        let applied = try await appliedNames(on: database)
        let known = Set(migrations.map(\.name))
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw MigrationError.unknownMigrationInDatabase(unknown)
        }
        var ran: [String] = []
        for (position, migration) in migrations.enumerated() where !applied.contains(migration.name) {
            try await migration.apply(database)
            try await database.insert(into: "schema_migrations")
                .columns("name", "position", "applied_at")
                .values(SQLBind(migration.name), SQLBind(position), SQLBind(ConsoleClock.nowMilliseconds()))
                .ignoringConflicts()
                .run()
            ran.append(migration.name)
        }
        return ran
    }

    /// The names recorded in `schema_migrations`, in the order they were applied.
    public func appliedNames(on database: any SQLDatabase) async throws -> [String] {
        try await database.select().column("name").from("schema_migrations").orderBy("position").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }
}

/// Why the migration runner refused a list or a database.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    /// Two migrations of the list have this name.
    case duplicateName(String)
    /// The database records a migration of this name that the list does not have (a newer console wrote it).
    case unknownMigrationInDatabase(String)

    /// One sentence naming the migration.
    public var description: String {
        switch self {
        case .duplicateName(let name): "migration '\(name)' is listed twice"
        case .unknownMigrationInDatabase(let name):
            "the database has migration '\(name)', which this console does not know (written by a newer console?)"
        }
    }
}
