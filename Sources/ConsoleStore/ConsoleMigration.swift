import SQLKit

/// One named, ordered step of the console's schema. A migration runs once per database: the
/// runner records its name in `schema_migrations` after it succeeds. Write each step with
/// SQLKit builders (or SQL both engines accept) so that SQLite and PostgreSQL share it.
public struct ConsoleMigration: Sendable {
    /// A unique, stable name (recorded in the database; never rename a released migration).
    public let name: String
    /// Applies the step.
    public let apply: @Sendable (any SQLDatabase) async throws -> Void

    /// A migration named `name` (unique in its list, never renamed once released) running `apply`.
    public init(_ name: String, apply: @escaping @Sendable (any SQLDatabase) async throws -> Void) {
        self.name = name
        self.apply = apply
    }
}
