import ArgumentParser
import Foundation
import YanglaoStore

/// `yanglao backup`: the whole database in one file, while the server goes on serving.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a backup of the database to a file, online and consistent while the server writes.",
        discussion: """
            SQLite: a copy by SQLite's online backup API (a database file that sqlite3 opens). \
            PostgreSQL: pg_dump's custom format (needs the PostgreSQL client programs). \
            The data key is not in the backup: keep the key file (or YANGLAO_DATA_KEY) with it, apart \
            from it; a restore needs both. Nightly, from cron: \
            0 2 * * * cd /srv/yanglao && ./yanglao backup backups/yanglao-$(date +\\%F).sqlite
            """)

    @OptionGroup var db: DatabaseOption
    @Argument(help: "The backup file to write.") var file: String
    @Flag(help: "Overwrite the file if it exists.") var force = false

    func run() async throws {
        let location = try AppRunner.location(db)
        print("正在备份 / backing up \(location) → \(file) …")
        fflush(nil)
        let summary = try BackupCommand.refusing { try DatabaseBackup.write(location, to: file, force: force) }
        let megabytes = String(format: "%.1f", Double(summary.bytes) / 1_048_576)
        print("已备份 / backup written: \(summary.file) (\(summary.format.rawValue), \(megabytes) MB, \(String(format: "%.1f", summary.seconds)) s)")
        print("数据密钥校验值 / data key check: \(summary.keyCheck ?? "—")… 密钥文件须另行保管 / keep the data key with the backup, apart from it")
    }

    /// Runs a backup step; a refusal or a tool's failure is printed as the message it is, with exit code 2.
    static func refusing<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let refusal as DatabaseBackup.Refusal {
            print(refusal.description)
            throw ExitCode(2)
        } catch let failure as CustomStringConvertible {
            print("失败 / failed: \(failure.description)")
            throw ExitCode(1)
        }
    }
}

/// `yanglao restore`: a backup back in place, then migrated to this version's schema.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into the database, then migrate it.",
        discussion: """
            Checks everything before writing: the file is an undamaged backup of the database's kind, the \
            target is empty (or --force), and the data key at hand — YANGLAO_DATA_KEY, YANGLAO_DATA_KEY_FILE \
            or the key file beside the database — is the one the backup was written with. Stop the server \
            before restoring over a database it serves.
            """)

    @OptionGroup var db: DatabaseOption
    @Argument(help: "The backup file (from `yanglao backup`).") var file: String
    @Flag(help: "Replace a database that is not empty.") var force = false

    func run() async throws {
        let location = try AppRunner.location(db)
        print("正在恢复 / restoring \(file) → \(location) …")
        fflush(nil)
        let summary = try BackupCommand.refusing { try DatabaseBackup.restore(file, into: location, force: force) }
        try await AppRunner.withApp(db) { _ in }
        print("已恢复并迁移 / restored and migrated in \(String(format: "%.1f", summary.seconds)) s: \(location)")
    }
}
