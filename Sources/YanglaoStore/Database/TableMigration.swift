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

/// A migration that adds optional columns to an existing table (SQLite can only add
/// columns, one statement each): reverting it drops them, the last added first.
protocol ColumnMigration: AsyncMigration {
    var table: String { get }
    /// The columns, in the order they are added.
    var columns: [(name: String, type: DatabaseSchema.DataType)] { get }
}

extension ColumnMigration {
    func prepare(on database: any Database) async throws {
        for column in columns { try await database.schema(table).field(.string(column.name), column.type).update() }
    }

    func revert(on database: any Database) async throws {
        for column in columns.reversed() { try await database.schema(table).deleteField(.string(column.name)).update() }
    }
}
