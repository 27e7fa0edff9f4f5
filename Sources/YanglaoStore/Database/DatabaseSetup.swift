import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

extension DatabaseID {
    /// A second pool on the same SQLite file, for the group commits (`OrderWriter`, `AlarmWriter`) alone.
    public static let groupCommit = DatabaseID(string: "sqlite-group-commit")
}

public enum DatabaseSetup {
    /// Registers the database with the application, and the platform's and the domains' migrations.
    public static func configure(_ app: Application, location: DatabaseLocation, migrations: [any Migration]) throws {
        switch location {
        case .sqliteFile(let path):
            app.databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
            app.databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .groupCommit, isDefault: false)
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory, sqlLogLevel: .trace), as: .sqlite)
        case .postgres(let url):
            app.databases.use(
                try .postgres(url: url, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(10), sqlLogLevel: .trace),
                as: .psql)
        }
        SchemaMigrations.register(migrations, on: app.migrations)
    }

    /// Per-connection settings that must hold before anything else runs. SQLite: WAL (readers
    /// never wait for the writer; set once per file), commits without fsync in WAL
    /// (synchronous=NORMAL: durable across crashes of the process, at most the last commits
    /// lost on power failure), waits up to 5 s for the other connection's write lock
    /// instead of failing, a page cache of up to 256 MB and the file memory-mapped (up to 4 GB)
    /// so bulk writes into large indexes do not thrash or pay a system call per page; the WAL is checkpointed every 8000 pages (32 MB) rather than every 1000, so
    /// bulk writes are not interrupted by a checkpoint every few batches; large sorts (building
    /// an index, a big ORDER BY) may use a helper thread per core. The driver keeps one connection per event loop, so each loop's connection
    /// gets them (the group commits' pool too).
    public static func prepare(_ app: Application, location: DatabaseLocation) async throws {
        guard case .sqliteFile = location else { return }
        for id in [DatabaseID.sqlite, .groupCommit] {
            for eventLoop in app.eventLoopGroup.makeIterator() {
                guard let sql = app.databases.database(id, logger: app.logger, on: eventLoop) as? any SQLDatabase else { continue }
                for pragma in [
                    "journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=5000", "cache_size=-262144", "temp_store=MEMORY",
                    "wal_autocheckpoint=8000", "mmap_size=4294967296", "threads=\(ProcessInfo.processInfo.activeProcessorCount)",
                ] {
                    try await sql.raw("PRAGMA \(unsafeRaw: pragma)").run()
                }
            }
        }
    }

    /// The group commits' own connection to an SQLite file (see `GroupCommit`), so that their
    /// transactions never hold up the reads of the event loops' connections; nil elsewhere.
    public static func groupCommitDatabase(_ app: Application, location: DatabaseLocation) -> (any Database)? {
        guard case .sqliteFile = location else { return nil }
        return app.databases.database(.groupCommit, logger: app.logger, on: writerLoops(app).writer)
    }

    /// The event loop whose connection of the group commits' pool writes, and another whose connection checkpoints.
    static func writerLoops(_ app: Application) -> (writer: any EventLoop, checkpointer: any EventLoop) {
        let loops = Array(app.eventLoopGroup.makeIterator())
        return (loops[0], loops.count > 1 ? loops[1] : loops[0])
    }

    /// Runs the pending migrations.
    public static func migrate(_ app: Application, location: DatabaseLocation) async throws {
        try await prepare(app, location: location)
        try await app.autoMigrate()
        try await BulkLoadIndexes.restore(on: app.db)
    }

    /// True when the database answers a trivial query.
    public static func ping(_ db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        _ = try await sql.raw("SELECT 1 AS ok").first()
    }
}
