import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 分村计数: the register counted once per village for the day, by status, sex, age band and
/// category, so that the statistics of a county or a city are a sum over a few thousand
/// small rows instead of a pass over a million people.
///
/// A trigger on `elders` and `elder_categories` marks the village of every row written (both
/// villages when a person moves) in `register_changed_villages`, in the writer's own
/// transaction; a reader recounts only the marked villages, or every village once the day
/// has moved on (ages and category dates change with it) or after a bulk load, whose
/// triggers were suspended. A mark carries a change counter and is removed only if it did
/// not change while its village was recounted, in the same transaction that stores the new
/// counts: a write the recount may have missed always leaves its mark behind.
enum VillageTallies {
    static let table = "village_tallies"
    static let marks = "register_changed_villages"
    /// The day and slot layout the tallies were counted for.
    static let daySetting = "register_tallies.day"
    /// The mark that stands for every village (a bulk load, a new schema).
    static let everyVillage = "*"

    /// Brings the tallies up to date for `today`.
    static func refresh(on db: any Database, today: CalendarDate) async throws {
        let sql = try db.sqlDatabase()
        let marked = try await sql.select().columns("region_code", "changes").from(marks).all().map {
            (code: try $0.decode(column: "region_code", as: String.self), changes: try $0.decode(column: "changes", as: Int.self))
        }
        let stamp = "\(today) \(RegisterTally.layout)"
        let everything =
            try await PlatformSettings.value(daySetting, on: db) != stamp
            || marked.contains { $0.code == everyVillage }
        guard everything || !marked.isEmpty else { return }
        let villages = everything ? nil : marked.map(\.code)
        let tallies = Array(try await count(villages: villages, today: today, on: sql))
        try await db.transaction { db in
            let sql = try db.sqlDatabase()
            if villages == nil { try await sql.delete(from: table).run() }
            for chunk in tallies.chunked(into: 400) {
                var insert = sql.insert(into: table).columns("village_code", "counts")
                for (village, tally) in chunk { insert = insert.values(SQLBind(village), SQLBind(tally.text)) }
                try await insert.onConflict(with: ["village_code"]) { $0.set(excludedValueOf: "counts") }.run()
            }
            for mark in marked {
                try await sql.delete(from: marks).where("region_code", .equal, mark.code).where("changes", .equal, mark.changes).run()
            }
            if villages == nil { try await PlatformSettings.set(daySetting, to: stamp, on: db) }
        }
    }

    /// The tallies of `villages` (every village when nil); a listed village with nobody
    /// left gets an empty tally.
    static func count(villages: [String]?, today: CalendarDate, on sql: any SQLDatabase) async throws -> [String: RegisterTally] {
        var tallies: [String: RegisterTally] = [:]
        for village in villages ?? [] where village != everyVillage { tallies[village] = RegisterTally() }
        let chunks: [[String]?] = villages.map { $0.chunked(into: 500).map { Array($0) } } ?? [nil]
        let active = SQLBinaryExpression(SQLColumn("status", table: ElderModel.schema), .equal, SQLBind(ElderStatus.active.rawValue))
        let n = SQLFunction("COUNT", args: SQLLiteral.all)
        func within(_ chunk: [String]?, _ column: SQLColumn) -> any SQLExpression {
            guard let chunk else { return SQLLiteral.boolean(true) }
            return SQLBinaryExpression(column, .in, SQLGroupExpression(chunk.map { SQLBind($0) }))
        }
        func add(_ rows: [any SQLRow], _ dimension: RegisterTally.Dimension, key: String) throws {
            for row in rows {
                tallies[try row.decode(column: "v", as: String.self), default: RegisterTally()]
                    .add(try row.decode(column: "n", as: Int.self), dimension, try row.decode(column: key, as: String.self))
            }
        }
        let elderRegion = SQLColumn("region_code", table: ElderModel.schema)
        for chunk in chunks {
            try add(
                try await sql.select().column(elderRegion, as: "v").column("status").column(n, as: "n")
                    .from(ElderModel.schema).where(within(chunk, elderRegion))
                    .groupBy(SQLLiteral.numeric("1")).groupBy(SQLLiteral.numeric("2")).all(), .status, key: "status")
            // Sex and age band in one pass; the band is a CASE over birth-date cut-offs.
            let byBand = try await sql.select().column(elderRegion, as: "v").column("sex").column(
                SQLAlias(ageBand(on: today), as: SQLIdentifier("band"))
            )
            .column(n, as: "n").from(ElderModel.schema).where(within(chunk, elderRegion)).where(active)
            .groupBy(SQLLiteral.numeric("1")).groupBy(SQLLiteral.numeric("2")).groupBy(SQLLiteral.numeric("3")).all()
            try add(byBand, .sex, key: "sex")
            try add(byBand, .band, key: "band")
            let enrolment = SQLCaseExpression(
                cases: [
                    (
                        SQLBinaryExpression(SQLColumn("enrolled_on"), .is, SQLLiteral.null),
                        SQLLiteral.string(RegisterTally.Enrolment.notEnrolled.rawValue)
                    )
                ],
                otherwise: SQLLiteral.string(RegisterTally.Enrolment.enrolled.rawValue))
            try add(
                try await sql.select().column(elderRegion, as: "v").column(SQLAlias(enrolment, as: SQLIdentifier("e"))).column(n, as: "n")
                    .from(ElderModel.schema).where(within(chunk, elderRegion)).where(active)
                    .groupBy(SQLLiteral.numeric("1")).groupBy(SQLLiteral.numeric("2")).all(), .enrolment, key: "e")
            let day = SQLBind(today.description)
            try add(
                try await sql.select().column(elderRegion, as: "v").column(SQLColumn("category", table: ElderCategoryModel.schema)).column(n, as: "n")
                    .from(ElderCategoryModel.schema)
                    .join(
                        ElderModel.schema, on: SQLColumn("id", table: ElderModel.schema), .equal,
                        SQLColumn("elder_id", table: ElderCategoryModel.schema)
                    )
                    .where(within(chunk, elderRegion)).where(active)
                    .where(group: { $0.where(SQLColumn("since"), .is, SQLLiteral.null).orWhere(SQLColumn("since"), .lessThanOrEqual, day) })
                    .where(group: { $0.where(SQLColumn("until"), .is, SQLLiteral.null).orWhere(SQLColumn("until"), .greaterThanOrEqual, day) })
                    .groupBy(SQLLiteral.numeric("1")).groupBy(SQLLiteral.numeric("2")).all(), .category, key: "category")
        }
        return tallies
    }

    /// `CASE WHEN birth_date <= cut-off(100) THEN '100+' … ELSE 'under_60' END` for `today`.
    /// Cut-offs are dates we format ourselves, so they go in as literals: the same CASE text
    /// then appears once, and the GROUP BY uses column positions on both databases.
    static func ageBand(on today: CalendarDate) -> SQLCaseExpression {
        SQLCaseExpression(
            cases: AgeBand.allCases.reversed().filter { $0 != .under60 }.map { band in
                (
                    SQLBinaryExpression(
                        SQLColumn("birth_date"), .lessThanOrEqual, SQLLiteral.string(today.latestBirthDate(forAge: band.lowerAge).description)),
                    SQLLiteral.string(band.rawValue)
                )
            },
            otherwise: SQLLiteral.string(AgeBand.under60.rawValue))
    }

    /// The sum of the tallies of the villages `inRegion` selects, and the people in the
    /// register (status active) by the first `childWidth` digits of their village.
    static func sum(where inRegion: any SQLExpression, childWidth: Int, on sql: any SQLDatabase)
        async throws -> (total: RegisterTally, byChild: [String: Int], unreadable: [String])
    {
        var total = RegisterTally()
        var byChild: [String: Int] = [:]
        var unreadable: [String] = []
        for row in try await sql.select().columns("village_code", "counts").from(table).where(inRegion).all() {
            let village = try row.decode(column: "village_code", as: String.self)
            // Tallies are written under today's layout (refresh recounts the others first);
            // one that does not read is marked for a recount.
            guard let tally = RegisterTally(text: try row.decode(column: "counts", as: String.self)) else {
                unreadable.append(village)
                try await mark(village, on: sql)
                continue
            }
            total.add(tally)
            byChild[String(village.prefix(childWidth)), default: 0] += tally.active
        }
        return (total, byChild, unreadable)
    }

    /// Marks every village for a recount (after a bulk load, whose triggers were suspended).
    static func markEveryVillage(on db: any Database) async throws {
        try await mark(everyVillage, on: try db.sqlDatabase())
    }

    static func mark(_ village: String, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: marks).columns("region_code", "changes").values(SQLBind(village), SQLBind(1))
            .onConflict(with: ["region_code"]) { $0.set("changes", to: SQLRaw("\(marks).changes + 1")) }.run()
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// The tallies, the marks, and the triggers that keep the marks.
struct CreateVillageTallies: AsyncMigration {
    static let markedTables = [ElderModel.schema, ElderCategoryModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(VillageTallies.table)
            .field("village_code", .string, .required)
            .field("counts", .string, .required)
            .unique(on: "village_code")
            .create()
        try await database.schema(VillageTallies.marks)
            .field("region_code", .string, .required)
            .field("changes", .custom("INTEGER"), .required)
            .unique(on: "region_code")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            for table in Self.markedTables {
                for statement in Self.sqliteTriggers(on: table) { try await sql.raw("\(unsafeRaw: statement)").run() }
            }
        } else {
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION register_mark_village() RETURNS trigger AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' AND OLD.region_code IS NOT NULL THEN
                        INSERT INTO register_changed_villages (region_code, changes) VALUES (OLD.region_code, 1)
                        ON CONFLICT (region_code) DO UPDATE SET changes = register_changed_villages.changes + 1;
                    END IF;
                    IF TG_OP <> 'DELETE' AND NEW.region_code IS NOT NULL THEN
                        INSERT INTO register_changed_villages (region_code, changes) VALUES (NEW.region_code, 1)
                        ON CONFLICT (region_code) DO UPDATE SET changes = register_changed_villages.changes + 1;
                    END IF;
                    RETURN NULL;
                END $$ LANGUAGE plpgsql
                """
            ).run()
            for table in Self.markedTables {
                try await sql.raw(
                    """
                    CREATE TRIGGER \(unsafeRaw: table)_mark_village AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: table)
                    FOR EACH ROW EXECUTE FUNCTION register_mark_village()
                    """
                ).run()
            }
        }
        try await VillageTallies.markEveryVillage(on: database)
    }

    /// SQLite triggers have no TG_OP: one per kind of write, marking the old and the new village.
    static func sqliteTriggers(on table: String) -> [String] {
        func mark(_ row: String) -> String {
            """
            INSERT INTO register_changed_villages (region_code, changes) SELECT \(row).region_code, 1 WHERE \(row).region_code IS NOT NULL
            ON CONFLICT (region_code) DO UPDATE SET changes = changes + 1;
            """
        }
        return [
            "CREATE TRIGGER \(table)_mark_insert AFTER INSERT ON \(table) BEGIN \(mark("NEW")) END",
            "CREATE TRIGGER \(table)_mark_update AFTER UPDATE ON \(table) BEGIN \(mark("OLD")) \(mark("NEW")) END",
            "CREATE TRIGGER \(table)_mark_delete AFTER DELETE ON \(table) BEGIN \(mark("OLD")) END",
        ]
    }

    func revert(on database: any Database) async throws {}
}
