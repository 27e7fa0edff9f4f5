import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Loading a large file into SQLite is much faster with a table's secondary indexes built
/// once at the end (one sort) than kept up row by row, and without its per-row triggers
/// (which mark changed villages: the load marks every village instead). Their definitions
/// are saved in `platform_settings` before they are dropped, so a load that dies half way
/// has them created again at the next start instead of leaving the register without them.
enum BulkLoadIndexes {
    static let setting = "bulk_load.suspended_indexes"

    /// Drops the secondary indexes (not those behind UNIQUE and PRIMARY KEY, which guard the
    /// data) and the triggers of `tables`, and remembers them. Nothing happens off SQLite.
    static func suspend(tables: [String], on db: any Database) async throws {
        guard db is any SQLiteDatabase, let sql = db as? any SQLDatabase else { return }
        let rows = try await sql.select().columns("name", "sql").from("sqlite_master")
            .where("type", .in, ["index", "trigger"]).where("tbl_name", .in, tables).where(SQLColumn("sql"), .isNot, SQLLiteral.null).all()
        let saved = try rows.map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "sql", as: String.self)) }
        guard !saved.isEmpty else { return }
        var all = try await pending(on: db)
        all.append(contentsOf: saved.map(\.1))
        try await PlatformSettings.set(setting, to: String(decoding: try JSONEncoder().encode(all), as: UTF8.self), on: db)
        for (name, definition) in saved {
            let kind = definition.hasPrefix("CREATE TRIGGER") ? "TRIGGER" : "INDEX"
            try await sql.raw("DROP \(unsafeRaw: kind) IF EXISTS \(ident: name)").run()
        }
    }

    /// Creates every suspended index and trigger again (each once, however often it was
    /// saved) and forgets them; with triggers back, every village is marked for a recount.
    static func restore(on db: any Database) async throws {
        let saved = try await pending(on: db)
        guard !saved.isEmpty, let sql = db as? any SQLDatabase else { return }
        var seen = Set<String>()
        for definition in saved where seen.insert(definition).inserted {
            try await sql.raw("\(unsafeRaw: ifNotExists(definition))").run()
        }
        if saved.contains(where: { $0.hasPrefix("CREATE TRIGGER") }) { try await VillageTallies.markEveryVillage(on: db) }
        try await PlatformSettings.set(setting, to: "[]", on: db)
        // The planner's statistics were taken before the load.
        try await sql.raw("PRAGMA optimize").run()
    }

    static func pending(on db: any Database) async throws -> [String] {
        guard let text = try await PlatformSettings.value(setting, on: db) else { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    /// `CREATE INDEX "x" ON …` (or TRIGGER) as SQLite keeps it, made safe to run when it exists.
    static func ifNotExists(_ definition: String) -> String {
        for prefix in ["CREATE UNIQUE INDEX ", "CREATE INDEX ", "CREATE TRIGGER "]
        where definition.hasPrefix(prefix) && !definition.hasPrefix(prefix + "IF NOT EXISTS") {
            return prefix + "IF NOT EXISTS " + definition.dropFirst(prefix.count)
        }
        return definition
    }
}
