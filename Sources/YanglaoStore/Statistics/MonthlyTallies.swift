import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 分区按月计数: each counted source's rows tallied once per region and month, so the
/// cockpit's figures for a county or a city are sums over a few thousand small rows.
///
/// Triggers on the source's tables mark the region of every row written (old and new) in
/// `figure_marks`, in the writer's transaction. A read recounts the marked regions only, or
/// everything when the source's slot layout changed. A mark carries a change counter and is
/// removed only if it did not change during the recount, in the transaction that stores the
/// new tallies, so a write the recount may have missed leaves its mark. Every stored tally
/// carries the source's version at the time, which each recount raises: a server's copy
/// (`FigureTallyCache`) reads only the tallies newer than the ones it holds.
public enum MonthlyTallies {
    static let table = "figure_tallies"
    static let marks = "figure_marks"
    static let versions = "figure_versions"
    /// The mark that stands for every region (a new trigger, a bulk load).
    static let everything = "*"

    /// Brings the tallies of `source` up to date; true when anything was recounted.
    @discardableResult
    static func refresh(_ source: some CountedFigureSource, on db: any Database, today: CalendarDate) async throws -> Bool {
        let sql = try db.sqlDatabase()
        let marked = try await sql.select().columns("region_code", "changes").from(marks).where("source", .equal, source.name).all().map {
            (code: try $0.decode(column: "region_code", as: String.self), changes: try $0.decode(column: "changes", as: Int.self))
        }
        let stored = try await storedVersion(source.name, on: sql)
        let relayout = stored?.layout != source.layout.code
        let full = relayout || marked.contains { $0.code == everything }
        guard full || !marked.isEmpty else { return false }
        let regions: [RegionCode]? = full ? nil : marked.compactMap { try? RegionCode($0.code) }
        let counted = try await source.count(within: regions, on: sql, today: today)
        try await db.transaction { db in
            let sql = try db.sqlDatabase()
            let version = try await raiseVersion(source, on: sql)
            if relayout {
                try await sql.delete(from: table).where("source", .equal, source.name).run()
            }
            var rows = counted
            // A tally the recount no longer finds (its last row moved away) is stored as zeros,
            // so that servers holding it hear of the change.
            if !relayout {
                for key in try await storedKeys(source.name, within: regions, on: sql) where rows[key] == nil {
                    rows[key] = source.layout.empty()
                }
            }
            for chunk in Array(rows).chunked(into: 300) {
                var insert = sql.insert(into: table).columns("source", "region_code", "month", "counts", "version")
                for (key, counts) in chunk {
                    insert = insert.values(
                        SQLBind(source.name), SQLBind(key.region), SQLBind(key.month), SQLBind(SlotLayout.text(counts)), SQLBind(version))
                }
                try await insert.onConflict(with: ["source", "region_code", "month"]) {
                    $0.set(excludedValueOf: "counts").set(excludedValueOf: "version")
                }.run()
            }
            for mark in marked {
                try await sql.delete(from: marks).where("source", .equal, source.name).where("region_code", .equal, mark.code)
                    .where("changes", .equal, mark.changes).run()
            }
        }
        return true
    }

    /// The tallies of `source` now: recounted where marked, then read from this server's
    /// copy (only what changed since) or, without one, from the table.
    static func tallies(of source: some CountedFigureSource, on db: any Database, today: CalendarDate, cache: FigureTallyCache?) async throws
        -> TallyIndex
    {
        guard let cache else {
            try await refresh(source, on: db, today: today)
            return TallyIndex(width: source.layout.count, rows: try await load(source, since: nil, on: try db.sqlDatabase()).rows)
        }
        return try await cache.gate.run {
            try await refresh(source, on: db, today: today)
            let sql = try db.sqlDatabase()
            let stored = try await storedVersion(source.name, on: sql)
            let held = await cache.held(source.name)
            if let held, let stored, held.version == stored.version, held.layout == stored.layout {
                return await cache.index(source.name, width: source.layout.count)
            }
            let since = held != nil && held?.layout == stored?.layout ? held?.version : nil
            let loaded = try await load(source, since: since, on: sql)
            await cache.merge(source.name, version: loaded.version, layout: source.layout, rows: loaded.rows, replacing: since == nil)
            return await cache.index(source.name, width: source.layout.count)
        }
    }

    /// Marks every region of `source` for a recount (a trigger newly installed).
    static func markEverything(_ source: String, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: marks).columns("source", "region_code", "changes").values(SQLBind(source), SQLBind(everything), SQLBind(1))
            .onConflict(with: ["source", "region_code"]) { $0.set("changes", to: SQLRaw("\(marks).changes + 1")) }.run()
    }

    static func storedVersion(_ source: String, on sql: any SQLDatabase) async throws -> (version: Int, layout: String)? {
        guard let row = try await sql.select().columns("version", "layout").from(versions).where("source", .equal, source).first() else {
            return nil
        }
        return (try row.decode(column: "version", as: Int.self), try row.decode(column: "layout", as: String.self))
    }

    /// One higher than before, under the source's layout. On PostgreSQL the update holds
    /// the row until commit, so versions commit in order and no server skips one.
    static func raiseVersion(_ source: some CountedFigureSource, on sql: any SQLDatabase) async throws -> Int {
        let layout = source.layout.code
        try await sql.insert(into: versions).columns("source", "version", "layout").values(SQLBind(source.name), SQLBind(0), SQLBind(layout))
            .onConflict(with: ["source"]) { $0.set("version", to: SQLRaw("\(versions).version + 1")).set(excludedValueOf: "layout") }.run()
        return try await storedVersion(source.name, on: sql)?.version ?? 0
    }

    static func storedKeys(_ source: String, within regions: [RegionCode]?, on sql: any SQLDatabase) async throws -> [TallyKey] {
        var keys: [TallyKey] = []
        for condition in conditions(column: "region_code", within: regions) {
            let rows = try await sql.select().columns("region_code", "month").from(table).where("source", .equal, source).where(condition).all()
            keys += try rows.map {
                TallyKey(region: try $0.decode(column: "region_code", as: String.self), month: try $0.decode(column: "month", as: String.self))
            }
        }
        return keys
    }

    static func load(_ source: some CountedFigureSource, since: Int?, on sql: any SQLDatabase) async throws -> (version: Int, rows: [TallyRow]) {
        var query = sql.select().columns("region_code", "month", "counts", "version").from(table).where("source", .equal, source.name)
        if let since { query = query.where("version", .greaterThan, SQLBind(since)) }
        var version = since ?? 0
        var rows: [TallyRow] = []
        for row in try await query.all() {
            version = max(version, try row.decode(column: "version", as: Int.self))
            // A tally under another layout is left out; the next recount replaces it.
            guard let counts = source.layout.counts(try row.decode(column: "counts", as: String.self)) else { continue }
            rows.append(
                TallyRow(
                    region: try row.decode(column: "region_code", as: String.self), month: try row.decode(column: "month", as: String.self),
                    counts: counts))
        }
        if let stored = try await storedVersion(source.name, on: sql) { version = max(version, stored.version) }
        return (version, rows)
    }

    /// Conditions selecting the rows of `column` in the regions' subtrees, a few hundred
    /// regions each (one condition that is always true when `regions` is nil).
    public static func conditions(column: String, table: String? = nil, within regions: [RegionCode]?) -> [any SQLExpression] {
        guard let regions else { return [SQLLiteral.boolean(true)] }
        let col = table.map { SQLColumn(column, table: $0) } ?? SQLColumn(column)
        return regions.chunked(into: 200).map { chunk in
            let villages = chunk.filter { $0.level == .village }.map { SQLBind($0.value) as any SQLExpression }
            var parts: [any SQLExpression] = []
            if !villages.isEmpty { parts.append(SQLBinaryExpression(col, .in, SQLGroupExpression(villages))) }
            for region in chunk where region.level != .village {
                let range = ScopedDatabase.codeRange(of: region)
                parts.append(
                    SQLGroupExpression(
                        SQLBinaryExpression(
                            SQLBinaryExpression(col, .greaterThanOrEqual, SQLBind(range.low)), .and,
                            SQLBinaryExpression(col, .lessThanOrEqual, SQLBind(range.high)))))
            }
            return parts.dropFirst().reduce(parts[0]) { SQLBinaryExpression($0, .or, $1) }
        }
    }
}

/// One server's copy of the stored tallies, per source, summed for every level, with the
/// version it reflects.
public actor FigureTallyCache {
    struct Copy {
        var version: Int
        var layout: String
        var index: TallyIndex
    }
    private var copies: [String: Copy] = [:]
    /// One recount and read at a time on this server.
    nonisolated let gate = SerialGate()

    public init() {}

    func held(_ source: String) -> (version: Int, layout: String)? {
        copies[source].map { ($0.version, $0.layout) }
    }

    func merge(_ source: String, version: Int, layout: SlotLayout, rows: [TallyRow], replacing: Bool) {
        // Taken out of the dictionary so that the index is changed in place, never copied.
        let held = copies.removeValue(forKey: source)
        var copy = (replacing ? nil : held) ?? Copy(version: 0, layout: layout.code, index: TallyIndex(width: layout.count))
        for row in rows { copy.index.set(row) }
        copy.version = max(copy.version, version)
        copies[source] = copy
    }

    func index(_ source: String, width: Int) -> TallyIndex {
        copies[source]?.index ?? TallyIndex(width: width)
    }
}
