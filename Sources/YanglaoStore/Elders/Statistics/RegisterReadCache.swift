import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// Register statistics and list totals are read far more often than the register
/// changes, and counting a city of a million people takes a while: results are kept per
/// key (region or filter, and the day) together with the register's version — the latest
/// `updated_at` of any person, which every write moves (an index makes it one lookup) —
/// and reused while it is unchanged. Each node keeps its own; the version comes from the
/// shared database, so none is stale.
public actor RegisterReadCache {
    struct Entry {
        let version: String
        let value: any Sendable
    }
    private var entries: [String: Entry] = [:]
    private var order: [String] = []
    let capacity: Int
    /// One recount of the village tallies at a time on this node.
    nonisolated let tallyGate = SerialGate()

    public init(capacity: Int = 5_000) { self.capacity = capacity }

    func get<Value: Sendable>(_ key: String, version: String, as: Value.Type = Value.self) -> Value? {
        guard let entry = entries[key], entry.version == version else { return nil }
        return entry.value as? Value
    }

    func put(_ key: String, version: String, _ value: some Sendable) {
        if entries[key] == nil { order.append(key) }
        entries[key] = Entry(version: version, value: value)
        while order.count > capacity { entries[order.removeFirst()] = nil }
    }

    /// The register's version: its newest change.
    static func version(on db: any Database) async throws -> String {
        let sql = try db.sqlDatabase()
        let row = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("updated_at")), as: "v").from(ElderModel.schema).first()
        let value = try row?.decode(column: "v", as: Date?.self)
        return value.map { String($0.timeIntervalSince1970) } ?? "empty"
    }
}

extension ElderService {
    /// The value under `key` for the register as it is now: from the cache while the
    /// register is unchanged, else computed (and kept).
    func cached<Value: Sendable>(_ key: String, compute: () async throws -> Value) async throws -> Value {
        guard let cache = readCache else { return try await compute() }
        let version = try await RegisterReadCache.version(on: scoped.database)
        if let hit = await cache.get(key, version: version, as: Value.self) { return hit }
        let value = try await compute()
        await cache.put(key, version: version, value)
        return value
    }
}

/// The index that makes the register's version one lookup.
struct AddElderUpdatedIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.index(on: ElderModel.schema, named: "elders_updated", columns: ["updated_at"])
    }

    func revert(on database: any Database) async throws {}
}

/// A category list of a region reads only this index: the category rows' dates and
/// person come with the index entry, not from the table.
struct CoverCategoryIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.index(
            on: ElderCategoryModel.schema, named: "elder_categories_cover",
            columns: ["category", "region_code", "since", "until", "elder_id"])
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS elder_categories_category_region").run()
        }
    }

    func revert(on database: any Database) async throws {}
}

/// A register list's matches are counted and sorted from this index alone (person, status,
/// region, name); only the page's own rows are read from the table. (region, status) is
/// dropped: (region, status, sex, birth) serves everything it did, and every index costs
/// every write.
struct CoverElderListIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.index(on: ElderModel.schema, named: "elders_list_cover", columns: ["id", "status", "region_code", "name"])
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS elders_region_status").run()
        }
    }

    func revert(on database: any Database) async throws {}
}

/// Category rows carry the person's name: a category list of a region (the register's
/// busiest list) then walks one index in list order (category, region, name, person) and
/// stops after the page, instead of sorting every match. Names on category rows are
/// written wherever category rows are, and rewritten when a name changes.
struct CategoryListIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ElderCategoryModel.schema).field("name", .string).update()
        if let sql = database as? any SQLDatabase {
            try await sql.raw(
                """
                UPDATE elder_categories SET name = (SELECT name FROM elders WHERE elders.id = elder_categories.elder_id)
                """
            ).run()
            try await sql.raw("DROP INDEX IF EXISTS elder_categories_cover").run()
        }
        try await database.index(
            on: ElderCategoryModel.schema, named: "elder_categories_list",
            columns: ["category", "region_code", "name", "elder_id", "since", "until"])
    }

    func revert(on database: any Database) async throws {}
}

extension NodeState {
    private enum RegisterReadCacheSlot: NodeStateKey { typealias Value = RegisterReadCache }
    /// The register's cached counts and statistics of this server.
    public var registerReadCache: RegisterReadCache? {
        get { self[RegisterReadCacheSlot.self] }
        set { self[RegisterReadCacheSlot.self] = newValue }
    }
}
