import Foundation
import SQLKit
import Testing
import YanglaoStore
import YanglaoTestSupport

/// `DatabaseBackup` on the database the suite runs on: a file of its own on SQLite, the test
/// database itself on PostgreSQL (backed up, changed, restored over).
@Suite struct BackupTests {
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("yanglao-backup-\(UUID().uuidString)").path

    init() throws { try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true) }

    var location: DatabaseLocation {
        TestDatabase.isPostgres ? TestDatabase.location : .sqliteFile(path: work + "/live.sqlite")
    }

    let key = DataProtection.ephemeral()

    @Test func restoreGivesBackTheDatabaseAsItWasAtTheBackup() async throws {
        let file = work + "/backup"
        var elders = 0
        try await withTestApp(location: location, protection: key) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            elders = try await sql.raw("SELECT COUNT(*) AS n FROM elders").first()!.decode(column: "n", as: Int.self)
            let summary = try DatabaseBackup.write(location, to: file)
            #expect(summary.format == (TestDatabase.isPostgres ? .postgresCustom : .sqlite))
            #expect(summary.keyCheck == String(key.keyCheck.prefix(8)))
            // Written after the backup: gone once it is restored.
            try await sql.raw("DELETE FROM audit_log").run()
            try await sql.raw("UPDATE elders SET address = 'after the backup'").run()
        }
        let target = TestDatabase.isPostgres ? location : .sqliteFile(path: work + "/restored.sqlite")
        _ = try DatabaseBackup.restore(file, into: target, protection: key, keyPlace: "test", force: TestDatabase.isPostgres)
        #expect {
            try DatabaseBackup.restore(file, into: target, protection: key, keyPlace: "test", force: false)
        } throws: { error in
            guard case .targetNotEmpty = error as? DatabaseBackup.Refusal else { return false }
            return true
        }
        try await withTestApp(demo: false, location: target, protection: key, dropping: false) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let changed = try await sql.raw("SELECT COUNT(*) AS n FROM elders WHERE address = 'after the backup'").first()!
            #expect(try changed.decode(column: "n", as: Int.self) == 0)
            let restored = try await sql.raw("SELECT COUNT(*) AS n FROM elders").first()!
            #expect(try restored.decode(column: "n", as: Int.self) == elders)
            let audit = try await sql.raw("SELECT COUNT(*) AS n FROM audit_log").first()!
            #expect(try audit.decode(column: "n", as: Int.self) > 0)
        }
    }

    @Test func aRestoreWithAnotherKeyOrNoKeyIsRefusedBeforeAnyWrite() async throws {
        let file = work + "/backup"
        try await withTestApp(location: location, protection: key) { app in
            _ = try DatabaseBackup.write(location, to: file)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE elders SET address = 'kept'").run()
        }
        let target = TestDatabase.isPostgres ? location : .sqliteFile(path: work + "/other.sqlite")
        #expect {
            try DatabaseBackup.restore(file, into: target, protection: .ephemeral(), keyPlace: "test", force: true)
        } throws: { error in
            guard case .wrongKey = error as? DatabaseBackup.Refusal else { return false }
            return true
        }
        #expect {
            try DatabaseBackup.restore(file, into: target, protection: nil, keyPlace: "/somewhere/key", force: true)
        } throws: { error in
            guard case .noKey("/somewhere/key") = error as? DatabaseBackup.Refusal else { return false }
            return true
        }
        if TestDatabase.isPostgres {
            try await withTestApp(demo: false, location: target, protection: key, dropping: false) { app in
                let sql = try #require(app.db as? any SQLDatabase)
                let kept = try await sql.raw("SELECT COUNT(*) AS n FROM elders WHERE address <> 'kept'").first()!
                #expect(try kept.decode(column: "n", as: Int.self) == 0)
            }
        } else {
            #expect(!FileManager.default.fileExists(atPath: work + "/other.sqlite"))
        }
    }

    @Test func filesThatAreNotBackupsAndExistingFilesAreRefused() async throws {
        let junk = work + "/junk.sqlite"
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: junk))
        #expect {
            try DatabaseBackup.restore(junk, into: location, protection: key, keyPlace: "test", force: true)
        } throws: { error in
            guard case .notABackup = error as? DatabaseBackup.Refusal else { return false }
            return true
        }
        #expect {
            try DatabaseBackup.restore(work + "/none", into: location, protection: key, keyPlace: "test", force: true)
        } throws: { error in
            guard case .missing = error as? DatabaseBackup.Refusal else { return false }
            return true
        }
        try await withTestApp(demo: false, location: location, protection: key) { _ in
            #expect {
                try DatabaseBackup.write(location, to: junk)
            } throws: { error in
                guard case .exists = error as? DatabaseBackup.Refusal else { return false }
                return true
            }
        }
    }
}
