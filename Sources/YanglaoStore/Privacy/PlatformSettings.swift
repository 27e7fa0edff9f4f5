import Fluent
import SQLKit

/// Small named facts about the installation itself, such as which data key wrote it.
struct CreatePlatformSettings: TableMigration {
    let tables = [Self.table]

    static let table = "platform_settings"

    func prepare(on database: any Database) async throws {
        try await database.schema(Self.table)
            .field("name", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
    }
}

/// Reading and writing those facts.
enum PlatformSettings {
    static func value(_ name: String, on db: any Database) async throws -> String? {
        let sql = try db.sqlDatabase()
        let row = try await sql.select().column("value").from(CreatePlatformSettings.table).where("name", .equal, name).first()
        return try row?.decode(column: "value", as: String.self)
    }

    static func set(_ name: String, to value: String, on db: any Database) async throws {
        let sql = try db.sqlDatabase()
        if try await self.value(name, on: db) == nil {
            try await sql.insert(into: CreatePlatformSettings.table).columns("name", "value").values(SQLBind(name), SQLBind(value)).run()
        } else {
            try await sql.update(CreatePlatformSettings.table).set("value", to: SQLBind(value)).where("name", .equal, name).run()
        }
    }
}

extension DataProtection {
    /// Records the key's check value on first use and refuses a different key afterwards, so
    /// a lost or swapped key file stops the platform at start instead of writing rows that
    /// can never be read together with the old ones.
    public func verify(on db: any Database) async throws {
        if let stored = try await PlatformSettings.value("data_key_check", on: db) {
            guard stored == keyCheck else { throw DataProtectionError.wrongKeyForDatabase }
            return
        }
        try await PlatformSettings.set("data_key_check", to: keyCheck, on: db)
    }
}
