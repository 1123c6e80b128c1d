import SQLKit

/// The console's queries over one ``ConsoleDatabase``: each is written once, with SQLKit
/// builders, for SQLite and PostgreSQL alike. Rows map to the record types by snake_case columns.
public struct ConsoleStore: Sendable {
    /// The open database every query runs on.
    public let database: ConsoleDatabase
    var sql: any SQLDatabase { database.sql }

    /// The queries over `database`, whose schema ``ConsoleDatabase/open(_:migrations:logger:)`` brought up to date.
    public init(_ database: ConsoleDatabase) {
        self.database = database
    }

    func insert(_ model: some Encodable & Sendable, into table: String) async throws {
        try await sql.insert(into: table).model(model, keyEncodingStrategy: .convertToSnakeCase).run()
    }

    /// Inserts a row whose `id` the database assigns and returns that id.
    func insertReturningID(_ model: some Encodable & Sendable, into table: String) async throws -> Int64 {
        guard
            let row = try await sql.insert(into: table).model(model, keyEncodingStrategy: .convertToSnakeCase)
                .returning("id").first()
        else { throw ConsoleStoreError.noRowReturned(table) }
        return try row.decode(column: "id", as: Int64.self)
    }

    func all<Model: Decodable>(_ query: some SQLQueryFetcher, as type: Model.Type) async throws -> [Model] {
        try await query.all().map { try $0.decode(model: Model.self, keyDecodingStrategy: .convertFromSnakeCase) }
    }

    func first<Model: Decodable>(_ query: some SQLQueryFetcher, as type: Model.Type) async throws -> Model? {
        try await query.first()?.decode(model: Model.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}

/// A store operation that could not complete.
public enum ConsoleStoreError: Error, CustomStringConvertible {
    /// An insert that should return the new row's id returned nothing; the table's name.
    case noRowReturned(String)

    /// One sentence naming the table.
    public var description: String {
        switch self {
        case .noRowReturned(let table): "the database returned no row for an insert into \(table)"
        }
    }
}
