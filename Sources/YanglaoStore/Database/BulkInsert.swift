import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit

/// A value of a row written in bulk, in the form both databases store it the way Fluent
/// does (UUIDs as text on SQLite, dates as seconds since 1970 there).
enum BulkCell: Sendable {
    case text(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case uuid(UUID)
    case date(Date)
    case null

    init(_ text: String?) { self = text.map(BulkCell.text) ?? .null }
    init(_ number: Double?) { self = number.map(BulkCell.double) ?? .null }
    init(_ number: Int?) { self = number.map(BulkCell.int) ?? .null }
    init(_ id: UUID?) { self = id.map(BulkCell.uuid) ?? .null }
    init(_ date: Date?) { self = date.map(BulkCell.date) ?? .null }

    var sqlite: SQLiteData {
        switch self {
        case .text(let v): .text(v)
        case .int(let v): .integer(v)
        case .double(let v): .float(v)
        case .bool(let v): .integer(v ? 1 : 0)
        case .uuid(let v): .text(v.uuidString)
        case .date(let v): .float(v.timeIntervalSince1970)
        case .null: .null
        }
    }

    var sqlExpression: any SQLExpression {
        switch self {
        case .text(let v): SQLBind(v)
        case .int(let v): SQLBind(v)
        case .double(let v): SQLBind(v)
        case .bool(let v): SQLBind(v)
        case .uuid(let v): SQLBind(v)
        case .date(let v): SQLBind(v)
        case .null: SQLLiteral.null
        }
    }
}

/// Multi-row INSERTs of many rows. On SQLite the statement text and its values go to the
/// driver directly: building them through SQLKit's expression tree costs more than SQLite
/// takes to write the rows.
enum BulkInsert {
    /// Bound values per statement, under SQLite's limit of 32 766.
    static let valuesPerStatement = 30_000

    static func run(_ database: any Database, into table: String, columns: [String], rows: [[BulkCell]]) async throws {
        try await Prepared(into: table, columns: columns, rows: rows, forSQLite: database is any SQLiteDatabase).run(on: database)
    }

    /// Rows made ready to write ahead of time, off the connection's thread: for SQLite the
    /// statements' text and values, so the writer only hands them to the driver.
    struct Prepared: Sendable {
        let table: String
        let columns: [String]
        private let form: Form

        /// One entry per statement.
        private enum Form: Sendable {
            case sqlite([(text: String, values: [SQLiteData])])
            case rows([ArraySlice<[BulkCell]>])
        }

        init(into table: String, columns: [String], rows: [[BulkCell]], forSQLite: Bool) {
            self.table = table
            self.columns = columns
            let perStatement = max(1, valuesPerStatement / columns.count)
            let chunks = stride(from: 0, to: rows.count, by: perStatement).map { rows[$0..<min($0 + perStatement, rows.count)] }
            guard forSQLite else {
                form = .rows(chunks)
                return
            }
            form = .sqlite(
                chunks.map { chunk in
                    var values: [SQLiteData] = []
                    values.reserveCapacity(chunk.count * columns.count)
                    for row in chunk { for cell in row { values.append(cell.sqlite) } }
                    return (BulkInsert.statement(table, columns, rowCount: chunk.count), values)
                })
        }

        func run(on database: any Database) async throws {
            switch form {
            case .sqlite(let statements):
                guard let sqlite = database as? any SQLiteDatabase else { throw PreparedForAnotherDatabase() }
                for statement in statements { _ = try await sqlite.query(statement.text, statement.values) }
            case .rows(let chunks):
                guard let sql = database as? any SQLDatabase else { throw PreparedForAnotherDatabase() }
                for chunk in chunks {
                    var insert = sql.insert(into: table).columns(columns)
                    for row in chunk { insert = insert.values(row.map(\.sqlExpression)) }
                    try await insert.run()
                }
            }
        }
    }

    struct PreparedForAnotherDatabase: Error {}

    /// `INSERT INTO "t" ("a", "b") VALUES (?, ?), (?, ?)` for SQLite.
    static func statement(_ table: String, _ columns: [String], rowCount: Int) -> String {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        return "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ",") + ") VALUES "
            + Array(repeating: tuple, count: rowCount).joined(separator: ",")
    }
}
