import Foundation

/// 备份与恢复: one file holds the whole database — on SQLite a copy made by SQLite's online
/// backup API, on PostgreSQL a `pg_dump` in its custom format. The data key is never in it;
/// the key's check value is (in `platform_settings`), so a restore can tell before writing
/// anything whether the key at hand opens the backup's personal numbers.
public enum DatabaseBackup {
    public enum Format: String, Sendable {
        case sqlite
        case postgresCustom = "pg_dump custom"
    }

    public struct Summary: Sendable {
        public let file: String
        public let format: Format
        public let bytes: Int64
        public let seconds: Double
        /// The first characters of the data key's check value: the same on the key and the backup that belong together.
        public let keyCheck: String?
    }

    public enum Refusal: Error, Sendable, CustomStringConvertible {
        case exists(String)
        case missing(String)
        case notABackup(String)
        case wrongKind(backup: Format, target: String)
        case memoryTarget
        case targetNotEmpty(String)
        case noKey(String)
        case wrongKey(backup: String, key: String)
        case damaged(String)

        public var description: String {
            switch self {
            case .exists(let file): "\(file) 已存在；用 --force 覆盖 / already exists: use --force to overwrite it"
            case .missing(let file): "\(file) 不存在 / does not exist"
            case .notABackup(let file): "\(file) 不是养老平台的备份文件 / is not a backup of this platform (neither SQLite nor a pg_dump custom file)"
            case .wrongKind(let format, let target):
                "备份为 \(format.rawValue) 格式，不能恢复到 \(target) / a \(format.rawValue) backup cannot be restored into \(target)"
            case .memoryTarget: "不能恢复到内存数据库 / cannot restore into an in-memory database"
            case .targetNotEmpty(let target):
                "目标数据库 \(target) 不是空的；确认要覆盖请加 --force / the target database is not empty: add --force to replace it"
            case .noKey(let path):
                "找不到数据密钥：请把与备份一起保管的密钥文件放到 \(path)，或设置 YANGLAO_DATA_KEY / no data key: put the key file kept with the backup at \(path) or set YANGLAO_DATA_KEY (nothing was written)"
            case .wrongKey(let backup, let key):
                "数据密钥与备份不符（备份 \(backup)…，密钥 \(key)…），未写入任何数据 / the data key does not belong to this backup (backup \(backup)…, key \(key)…): nothing was written"
            case .damaged(let why): "备份文件已损坏，未写入任何数据 / the backup file is damaged, nothing was written: \(why)"
            }
        }
    }

    /// Writes a backup of the database at `location` to `file`, consistent while servers go on
    /// writing. The file appears under its name only once complete.
    public static func write(_ location: DatabaseLocation, to file: String, force: Bool = false) throws -> Summary {
        let fm = FileManager.default
        if fm.fileExists(atPath: file), !force { throw Refusal.exists(file) }
        let folder = (file as NSString).deletingLastPathComponent
        if !folder.isEmpty { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let partial = file + ".partial"
        try? fm.removeItem(atPath: partial)
        let started = Date()
        let format: Format
        switch location {
        case .sqliteMemory: throw Refusal.memoryTarget
        case .sqliteFile(let path):
            guard fm.fileExists(atPath: path) else { throw Refusal.missing(path) }
            format = .sqlite
            try SQLiteFileCopy.copy(from: path, to: partial, standalone: true)
        case .postgres(let url):
            format = .postgresCustom
            try PostgresTools(url: url).dump(to: partial)
        }
        if fm.fileExists(atPath: file) { try fm.removeItem(atPath: file) }
        try fm.moveItem(atPath: partial, toPath: file)
        let seconds = Date().timeIntervalSince(started)
        let bytes = (try fm.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
        return Summary(file: file, format: format, bytes: bytes, seconds: seconds, keyCheck: try keyCheck(of: file, format: format).map(short))
    }

    /// Puts a backup in place of the database at `location`; every check comes before any write:
    /// the file is a backup of the right kind and undamaged, the target is empty (unless `force`),
    /// and the data key at hand is the backup's. Migrating to the current schema is the caller's
    /// next step.
    public static func restore(_ file: String, into location: DatabaseLocation, force: Bool = false) throws -> Summary {
        let (key, origin) = try DataKeySource.existing(for: location)
        return try restore(file, into: location, protection: key.map(DataProtection.init), keyPlace: origin, force: force)
    }

    /// The same with the data key given: `protection` nil means none was found at `keyPlace`.
    public static func restore(_ file: String, into location: DatabaseLocation, protection: DataProtection?, keyPlace: String, force: Bool)
        throws -> Summary
    {
        let format = try self.format(of: file)
        let started = Date()
        var stored: String?
        switch (format, location) {
        case (_, .sqliteMemory): throw Refusal.memoryTarget
        case (.sqlite, .sqliteFile(let path)):
            if let why = try SQLiteFileCopy.firstValue("PRAGMA quick_check", in: file), why != "ok" { throw Refusal.damaged(why) }
            if !force, try !sqliteIsEmpty(path) { throw Refusal.targetNotEmpty(location.description) }
            stored = try checkKey(of: file, format: format, protection: protection, keyPlace: keyPlace)
            try SQLiteFileCopy.copy(from: file, to: path)
        case (.postgresCustom, .postgres(let url)):
            let tools = try PostgresTools(url: url)
            if !force, try tools.value(of: "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") != "0" {
                throw Refusal.targetNotEmpty(location.description)
            }
            stored = try checkKey(of: file, format: format, protection: protection, keyPlace: keyPlace)
            try tools.apply(prelude: dropEverything, dump: file)
        default: throw Refusal.wrongKind(backup: format, target: location.description)
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
        return Summary(
            file: file, format: format, bytes: bytes, seconds: Date().timeIntervalSince(started),
            keyCheck: stored.map(short))
    }

    /// What kind of backup a file is, from its first bytes.
    public static func format(of file: String) throws -> Format {
        guard FileManager.default.fileExists(atPath: file) else { throw Refusal.missing(file) }
        guard let handle = FileHandle(forReadingAtPath: file) else { throw Refusal.notABackup(file) }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 16)
        if head.starts(with: Data("SQLite format 3".utf8)) { return .sqlite }
        if head.starts(with: Data("PGDMP".utf8)) { return .postgresCustom }
        throw Refusal.notABackup(file)
    }

    /// The data key's check value stored in a backup.
    static func keyCheck(of file: String, format: Format) throws -> String? {
        switch format {
        case .sqlite:
            let tables = try SQLiteFileCopy.firstValue("SELECT count(*) FROM sqlite_master WHERE name = 'platform_settings'", in: file)
            guard tables == "1" else { return nil }
            return try SQLiteFileCopy.firstValue("SELECT value FROM platform_settings WHERE name = 'data_key_check'", in: file)
        case .postgresCustom:
            // Any URL will do: pg_restore only reads the file here.
            let tools = try PostgresTools(url: "postgres://reader@localhost/none")
            let script = String(decoding: try tools.script(of: file, only: "platform_settings", dataOnly: true), as: UTF8.self)
            for line in script.split(separator: "\n") where line.hasPrefix("data_key_check\t") {
                return String(line.dropFirst("data_key_check\t".count))
            }
            return nil
        }
    }

    /// The backup's check value, once it is known to match the key at hand.
    private static func checkKey(of file: String, format: Format, protection: DataProtection?, keyPlace: String) throws -> String? {
        guard let expected = protection?.keyCheck else { throw Refusal.noKey(keyPlace) }
        // A backup written before the first start holds no personal numbers yet: any key opens it.
        guard let stored = try keyCheck(of: file, format: format) else { return nil }
        guard stored == expected else { throw Refusal.wrongKey(backup: short(stored), key: short(expected)) }
        return stored
    }

    private static func sqliteIsEmpty(_ path: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return true }
        return try SQLiteFileCopy.firstValue("SELECT count(*) FROM sqlite_master WHERE type = 'table'", in: path) == "0"
    }

    private static func short(_ check: String) -> String { String(check.prefix(8)) }

    /// Run in the restore's transaction before the dump's script: the target's own tables go, so
    /// the database afterwards is the backup's and nothing else.
    private static let dropEverything = """
        SET client_min_messages = warning;
        DO $$ DECLARE t record; BEGIN
          FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
            EXECUTE 'DROP TABLE IF EXISTS public.' || quote_ident(t.tablename) || ' CASCADE';
          END LOOP;
          FOR t IN SELECT sequence_name AS tablename FROM information_schema.sequences WHERE sequence_schema = 'public' LOOP
            EXECUTE 'DROP SEQUENCE IF EXISTS public.' || quote_ident(t.tablename) || ' CASCADE';
          END LOOP;
          FOR t IN SELECT p.oid::regprocedure::text AS tablename FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                   WHERE n.nspname = 'public' LOOP
            EXECUTE 'DROP FUNCTION IF EXISTS ' || t.tablename || ' CASCADE';
          END LOOP;
        END $$;
        """
}
