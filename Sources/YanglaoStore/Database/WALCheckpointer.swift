import Fluent
import NIOCore
import SQLKit
import Vapor

/// While serving an SQLite file, the group commits (new orders, alarms) commit without checkpointing: a
/// checkpoint copies the WAL into the database file and syncs it, tens of milliseconds every
/// few seconds under load, spent inside a commit that a whole batch of orders waits on.
/// Instead, another connection of the writer's pool runs a PASSIVE checkpoint every second,
/// which neither waits for nor blocks readers and writers. The other connections keep
/// checkpointing on their own (they write little while serving).
public enum WALCheckpointer {
    public static func start(_ app: Application, location: DatabaseLocation, every interval: TimeAmount = .seconds(1)) async throws {
        guard let writer = DatabaseSetup.groupCommitDatabase(app, location: location) as? any SQLDatabase else { return }
        let loops = DatabaseSetup.writerLoops(app)
        guard loops.writer !== loops.checkpointer else { return }
        try await writer.raw("PRAGMA wal_autocheckpoint=0").run()
        guard let checkpointer = app.databases.database(.groupCommit, logger: app.logger, on: loops.checkpointer) as? any SQLDatabase else { return }
        let loop = loops.checkpointer
        loop.scheduleRepeatedAsyncTask(initialDelay: interval, delay: interval) { _ in
            loop.makeFutureWithTask {
                do { try await checkpointer.raw("PRAGMA wal_checkpoint(PASSIVE)").run() } catch { app.logger.report(error: error) }
            }
        }
    }
}
