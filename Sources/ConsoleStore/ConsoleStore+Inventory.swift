import SQLKit

// The estate (one JSON document per inventory source) and its event history.
extension ConsoleStore {
    /// Replaces the stored estate of one source.
    public func saveEstate(source: String, document: String, at time: Int64) async throws {
        try await sql.delete(from: "inventory_estate").where("source", .equal, source).run()
        try await sql.insert(into: "inventory_estate").columns("source", "document", "updated_at")
            .values(SQLBind(source), SQLBind(document), SQLBind(time)).run()
    }

    /// Every source's stored estate document, by source.
    public func estates() async throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try await sql.select().columns("source", "document").from("inventory_estate").all() {
            result[try row.decode(column: "source", as: String.self)] = try row.decode(
                column: "document",
                as: String.self
            )
        }
        return result
    }

    /// Inserts `event` and returns the id the database gave it (ids grow with insertion order).
    @discardableResult
    public func addEstateEvent(_ event: EstateEventRecord) async throws -> Int64 {
        try await insertReturningID(event, into: "inventory_events")
    }

    /// Events newest first, at most `limit`, optionally only those with an id below `before`.
    public func estateEvents(limit: Int, before: Int64? = nil) async throws -> [EstateEventRecord] {
        var query = sql.select().column("*").from("inventory_events")
        if let before { query = query.where("id", .lessThan, before) }
        return try await all(query.orderBy("id", .descending).limit(limit), as: EstateEventRecord.self)
    }
}
