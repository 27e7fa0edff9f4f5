import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit

/// A row of a hot SELECT, read without going through Codable: on SQLite straight from the
/// driver's values (SQLKit's row decoder costs more than SQLite's reading for the monthly
/// run's hundreds of thousands of rows), elsewhere through SQLKit as usual.
struct PlainRow: @unchecked Sendable {
    private let sqlite: SQLiteRow?
    private let row: (any SQLRow)?

    init(sqlite: SQLiteRow) {
        self.sqlite = sqlite
        row = nil
    }
    init(row: any SQLRow) {
        sqlite = nil
        self.row = row
    }

    func string(_ column: String) throws -> String? {
        if let sqlite {
            switch sqlite.column(column) {
            case .text(let v): return v
            case .integer(let v): return String(v)
            case .float(let v): return String(v)
            default: return nil
            }
        }
        return try row!.decode(column: column, as: String?.self)
    }

    func requiredString(_ column: String) throws -> String {
        guard let value = try string(column) else { throw PlainRowError.missing(column) }
        return value
    }

    func int(_ column: String) throws -> Int? {
        if let sqlite {
            switch sqlite.column(column) {
            case .integer(let v): return v
            case .float(let v): return Int(v)
            case .text(let v): return Int(v)
            default: return nil
            }
        }
        return try row!.decode(column: column, as: Int?.self)
    }

    func bool(_ column: String) throws -> Bool? {
        if sqlite != nil { return try int(column).map { $0 != 0 } }
        return try row!.decode(column: column, as: Bool?.self)
    }

    /// A UUID column as its canonical upper-case text, without parsing it where it is stored as text.
    func idText(_ column: String) throws -> String {
        if sqlite != nil { return try requiredString(column).uppercased() }
        return try row!.decode(column: column, as: UUID.self).uuidString
    }

    func uuid(_ column: String) throws -> UUID {
        if sqlite != nil {
            guard let text = try string(column), let id = UUID(uuidString: text) else { throw PlainRowError.missing(column) }
            return id
        }
        return try row!.decode(column: column, as: UUID.self)
    }
}

enum PlainRowError: Error { case missing(String) }

enum PlainRows {
    /// Every row of `query`.
    static func all(_ query: SQLSelectBuilder, on database: any Database) async throws -> [PlainRow] {
        if let sqlite = database as? any SQLiteDatabase, let sql = database as? any SQLDatabase {
            let (text, binds) = sql.serialize(query.select)
            let encoder = SQLiteDataEncoder()
            let values = try binds.map { try encoder.encode($0) }
            // The connection's own async query reads rows on the thread that steps the
            // statement; the database's one hops to the event loop once per row.
            return try await sqlite.withConnection { connection in
                let rows = RowCollector()
                try await connection.query(text, values) { rows.append(PlainRow(sqlite: $0)) }
                return rows.taken()
            }
        }
        return try await query.all().map(PlainRow.init(row:))
    }
}

/// Rows appended by one thread while a statement is stepped, handed over when it is done.
private final class RowCollector: @unchecked Sendable {
    private var rows: [PlainRow] = []
    func append(_ row: PlainRow) { rows.append(row) }
    func taken() -> [PlainRow] { rows }
}
