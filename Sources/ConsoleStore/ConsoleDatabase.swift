import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// An open console database: one `SQLDatabase` over SQLite or PostgreSQL, so every query in the
/// console is written once. SQLite uses one connection (SQLite serialises writers anyway);
/// PostgreSQL a pool, so several console processes can share one server.
public final class ConsoleDatabase: Sendable {
    /// Where the database is (the PostgreSQL URL's password is masked in its `description`).
    public let location: DatabaseLocation
    /// The database every query goes through.
    public let sql: any SQLDatabase
    private let closeAction: @Sendable () async throws -> Void

    private init(location: DatabaseLocation, sql: any SQLDatabase, close: @escaping @Sendable () async throws -> Void) {
        self.location = location
        self.sql = sql
        self.closeAction = close
    }

    /// Opens (creating an SQLite file if needed) and brings the schema up to `migrations`.
    public static func open(
        _ location: DatabaseLocation,
        migrations: [ConsoleMigration] = ConsoleSchema.all,
        logger: Logger = Logger(label: "virtualtap.console.store")
    ) async throws -> ConsoleDatabase {
        let database: ConsoleDatabase
        switch location {
        case .sqlite(let path):
            let connection = try await SQLiteConnection.open(
                storage: .file(path: path),
                threadPool: .singleton,
                logger: logger,
                on: MultiThreadedEventLoopGroup.singleton.any()
            ).get()
            let sql = connection.sql(queryLogLevel: nil)
            _ = try await sql.raw("PRAGMA journal_mode=WAL").all()
            _ = try await sql.raw("PRAGMA foreign_keys=ON").all()
            database = ConsoleDatabase(location: location, sql: sql) { try await connection.close().get() }
        case .postgres(let url):
            let configuration = try SQLPostgresConfiguration(url: url)
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: 8,
                logger: logger,
                on: MultiThreadedEventLoopGroup.singleton
            )
            let sql = pool.database(logger: logger).sql(queryLogLevel: nil)
            let owner = PoolOwner(pool)
            database = ConsoleDatabase(location: location, sql: sql) { try await owner.pool.shutdownAsync() }
        }
        do {
            try await MigrationRunner(migrations).run(on: database.sql)
        } catch {
            try? await database.close()
            throw error
        }
        return database
    }

    /// Closes the connection or pool; call once, after the last query.
    public func close() async throws {
        try await closeAction()
    }
}

/// Holds the PostgreSQL pool for the close action. async-kit's pool guards its state with locks
/// and is used from any thread (its `database(logger:)` hands out Sendable databases), but the
/// class itself is not marked Sendable; this owner only calls `shutdownAsync()` on it, once.
private final class PoolOwner: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>
    init(_ pool: EventLoopGroupConnectionPool<PostgresConnectionSource>) { self.pool = pool }
}
