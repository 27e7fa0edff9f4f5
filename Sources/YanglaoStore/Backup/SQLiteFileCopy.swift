import Foundation
import VaporCSQLite

/// SQLite's online backup API on two files: a consistent copy of a database that other
/// processes keep writing. All pages are copied in one step inside one read transaction, so
/// the copy is the database as of that transaction's start; in WAL mode the writers go on
/// meanwhile (a copy in small steps would start over each time another process writes).
enum SQLiteFileCopy {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Copies `source` over the database at `destination` (a new file, or one to replace). A
    /// `standalone` copy leaves WAL mode, so the backup is one file with no -wal or -shm beside it.
    static func copy(from source: String, to destination: String, standalone: Bool = false) throws {
        let from = try open(source, flags: SQLITE_OPEN_READONLY)
        defer { sqlite_nio_sqlite3_close_v2(from) }
        let to = try open(destination, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        defer { sqlite_nio_sqlite3_close_v2(to) }
        guard let backup = sqlite_nio_sqlite3_backup_init(to, "main", from, "main") else {
            throw Failure(description: message(to))
        }
        var rc = SQLITE_OK
        repeat {
            rc = sqlite_nio_sqlite3_backup_step(backup, -1)
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED { sqlite_nio_sqlite3_sleep(50) }
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        let finished = sqlite_nio_sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE, finished == SQLITE_OK else { throw Failure(description: message(to)) }
        if standalone, sqlite_nio_sqlite3_exec(to, "PRAGMA journal_mode=DELETE", nil, nil, nil) != SQLITE_OK {
            throw Failure(description: message(to))
        }
    }

    /// The first text column of the first row of a query on a file opened read-only, or nil.
    static func firstValue(_ query: String, in path: String) throws -> String? {
        let db = try open(path, flags: SQLITE_OPEN_READONLY)
        defer { sqlite_nio_sqlite3_close_v2(db) }
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(db, query, -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: message(db))
        }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        switch sqlite_nio_sqlite3_step(statement) {
        case SQLITE_ROW:
            guard let text = sqlite_nio_sqlite3_column_text(statement, 0) else { return nil }
            return String(cString: text)
        case SQLITE_DONE: return nil
        default: throw Failure(description: message(db))
        }
    }

    private static func open(_ path: String, flags: Int32) throws -> OpaquePointer {
        var db: OpaquePointer?
        let rc = sqlite_nio_sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            defer { sqlite_nio_sqlite3_close_v2(db) }
            throw Failure(description: "\(path): \(db.map(message) ?? "cannot open (code \(rc))")")
        }
        sqlite_nio_sqlite3_busy_timeout(db, 5000)
        return db
    }

    private static func message(_ db: OpaquePointer?) -> String {
        String(cString: sqlite_nio_sqlite3_errmsg(db))
    }
}
