import Fluent

/// A migration that creates tables: reverting it drops them, the last created first.
protocol TableMigration: AsyncMigration {
    /// The tables `prepare` creates, in the order it creates them.
    var tables: [String] { get }
}

extension TableMigration {
    func revert(on database: any Database) async throws {
        for table in tables.reversed() { try await database.schema(table).delete() }
    }
}
