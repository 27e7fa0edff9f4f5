import Fluent
import SQLKit
import YanglaoCore

extension Database {
    /// SQLKit's view of this database, for hand-written statements. Both drivers Yanglao runs
    /// on (SQLite, PostgreSQL) are SQL databases; any other answers a 500-free error instead of
    /// a trap, so a misconfigured deployment fails the request rather than the process.
    public func sqlDatabase() throws -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else { throw AppError(.unavailable, "database_not_sql") }
        return sql
    }
}
