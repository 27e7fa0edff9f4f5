import Fluent
import Foundation
import FluentSQLiteDriver
import SQLKit

/// Loading a large file into SQLite is much faster with a table's secondary indexes built
/// once at the end (one sort) than kept up row by row. Their definitions are saved in
/// `platform_settings` before they are dropped, so a load that dies half way has them
/// built again at the next start instead of leaving the register without them.
enum BulkLoadIndexes {
    static let setting = "bulk_load.suspended_indexes"

    /// Drops the secondary indexes of `tables` (not those behind UNIQUE and PRIMARY KEY,
    /// which guard the data) and remembers them. Nothing happens off SQLite.
    static func suspend(tables: [String], on db: any Database) async throws {
        guard db is any SQLiteDatabase, let sql = db as? any SQLDatabase else { return }
        let rows = try await sql.select().columns("name", "sql").from("sqlite_master")
            .where("type", .equal, "index").where("tbl_name", .in, tables).where(SQLColumn("sql"), .isNot, SQLLiteral.null).all()
        let saved = try rows.map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "sql", as: String.self)) }
        guard !saved.isEmpty else { return }
        var all = try await pending(on: db)
        all.append(contentsOf: saved.map(\.1))
        try await PlatformSettings.set(setting, to: String(decoding: try JSONEncoder().encode(all), as: UTF8.self), on: db)
        for (name, _) in saved { try await sql.raw("DROP INDEX IF EXISTS \(ident: name)").run() }
    }

    /// Builds every suspended index again (each once, however often it was saved) and forgets them.
    static func restore(on db: any Database) async throws {
        let saved = try await pending(on: db)
        guard !saved.isEmpty, let sql = db as? any SQLDatabase else { return }
        var seen = Set<String>()
        for definition in saved where seen.insert(definition).inserted {
            try await sql.raw("\(unsafeRaw: ifNotExists(definition))").run()
        }
        try await PlatformSettings.set(setting, to: "[]", on: db)
        // The planner's statistics were taken before the load.
        try await sql.raw("PRAGMA optimize").run()
    }

    static func pending(on db: any Database) async throws -> [String] {
        guard let text = try await PlatformSettings.value(setting, on: db) else { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    /// `CREATE INDEX "x" ON …` as SQLite keeps it, made safe to run when the index exists.
    static func ifNotExists(_ definition: String) -> String {
        for prefix in ["CREATE UNIQUE INDEX ", "CREATE INDEX "] where definition.hasPrefix(prefix) && !definition.hasPrefix(prefix + "IF NOT EXISTS") {
            return prefix + "IF NOT EXISTS " + definition.dropFirst(prefix.count)
        }
        return definition
    }
}
