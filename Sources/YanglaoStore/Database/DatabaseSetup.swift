import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

public enum DatabaseSetup {
    /// Registers the database with the application and its migrations.
    public static func configure(_ app: Application, location: DatabaseLocation) throws {
        switch location {
        case .sqliteFile(let path):
            app.databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory, sqlLogLevel: .trace), as: .sqlite)
        case .postgres(let url):
            app.databases.use(
                try .postgres(url: url, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(10), sqlLogLevel: .trace),
                as: .psql)
        }
        SchemaMigrations.register(on: app.migrations)
    }

    /// Per-database settings that must hold before anything else runs: SQLite in WAL mode
    /// (readers never wait for the writer) with foreign keys enforced.
    public static func prepare(_ db: any Database, location: DatabaseLocation) async throws {
        guard case .sqliteFile = location, let sql = db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        try await sql.raw("PRAGMA synchronous=NORMAL").run()
    }

    /// Runs the pending migrations.
    public static func migrate(_ app: Application, location: DatabaseLocation) async throws {
        try await prepare(app.db, location: location)
        try await app.autoMigrate()
    }

    /// True when the database answers a trivial query.
    public static func ping(_ db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        _ = try await sql.raw("SELECT 1 AS ok").first()
    }
}
