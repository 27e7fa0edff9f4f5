import Fluent
import SQLKit

/// The cockpit's tables, and one migration per counted source that installs its triggers.
public enum StatisticsSchema {
    public static func migrations(for sources: [any FigureSource]) -> [any Migration] {
        [CreateFigureTallies(), CreateReportSettings()]
            + sources.compactMap { $0 as? any CountedFigureSource }.map(InstallFigureTriggers.init) + [CreateTargets()]
    }
}

struct CreateFigureTallies: TableMigration {
    let tables = [MonthlyTallies.table, MonthlyTallies.marks, MonthlyTallies.versions]

    func prepare(on database: any Database) async throws {
        try await database.schema(MonthlyTallies.table)
            .field("source", .string, .required)
            .field("region_code", .string, .required)
            .field("month", .string, .required)
            .field("counts", .string, .required)
            .field("version", .custom("BIGINT"), .required)
            .unique(on: "source", "region_code", "month")
            .create()
        try await database.index(on: MonthlyTallies.table, named: "figure_tallies_version", columns: ["source", "version"])
        try await database.schema(MonthlyTallies.marks)
            .field("source", .string, .required)
            .field("region_code", .string, .required)
            .field("changes", .custom("BIGINT"), .required)
            .unique(on: "source", "region_code")
            .create()
        try await database.schema(MonthlyTallies.versions)
            .field("source", .string, .required)
            .field("version", .custom("BIGINT"), .required)
            .field("layout", .string, .required)
            .unique(on: "source")
            .create()
    }
}

/// The triggers that mark a counted source's regions on every write to its tables; the
/// first read after counts everything.
struct InstallFigureTriggers: AsyncMigration {
    let source: String
    let tables: [String]

    init(_ source: any CountedFigureSource) {
        self.source = source.name
        tables = source.markedTables
    }

    var name: String { "figure_triggers.\(source)" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sqlDatabase()
        if sql.dialect.name == "sqlite" {
            for table in tables {
                for statement in sqliteTriggers(on: table) { try await sql.raw("\(unsafeRaw: statement)").run() }
            }
        } else {
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION figure_mark_region() RETURNS trigger AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' AND OLD.region_code IS NOT NULL THEN
                        INSERT INTO figure_marks (source, region_code, changes) VALUES (TG_ARGV[0], OLD.region_code, 1)
                        ON CONFLICT (source, region_code) DO UPDATE SET changes = figure_marks.changes + 1;
                    END IF;
                    IF TG_OP <> 'DELETE' AND NEW.region_code IS NOT NULL THEN
                        INSERT INTO figure_marks (source, region_code, changes) VALUES (TG_ARGV[0], NEW.region_code, 1)
                        ON CONFLICT (source, region_code) DO UPDATE SET changes = figure_marks.changes + 1;
                    END IF;
                    RETURN NULL;
                END $$ LANGUAGE plpgsql
                """
            ).run()
            for table in tables {
                try await sql.raw(
                    """
                    CREATE TRIGGER \(unsafeRaw: triggerName(table))_mark AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: table)
                    FOR EACH ROW EXECUTE FUNCTION figure_mark_region('\(unsafeRaw: source)')
                    """
                ).run()
            }
        }
        try await MonthlyTallies.markEverything(source, on: sql)
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sqlDatabase()
        for table in tables {
            if sql.dialect.name == "sqlite" {
                for kind in ["insert", "update", "delete"] {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: triggerName(table))_\(unsafeRaw: kind)").run()
                }
            } else {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: triggerName(table))_mark ON \(unsafeRaw: table)").run()
            }
        }
    }

    func triggerName(_ table: String) -> String { "figure_\(source)_\(table)" }

    /// SQLite triggers have no TG_OP: one per kind of write, marking the old and the new region.
    func sqliteTriggers(on table: String) -> [String] {
        func mark(_ row: String) -> String {
            """
            INSERT INTO figure_marks (source, region_code, changes) SELECT '\(source)', \(row).region_code, 1 WHERE \(row).region_code IS NOT NULL
            ON CONFLICT (source, region_code) DO UPDATE SET changes = changes + 1;
            """
        }
        let name = triggerName(table)
        return [
            "CREATE TRIGGER \(name)_insert AFTER INSERT ON \(table) BEGIN \(mark("NEW")) END",
            "CREATE TRIGGER \(name)_update AFTER UPDATE ON \(table) BEGIN \(mark("OLD")) \(mark("NEW")) END",
            "CREATE TRIGGER \(name)_delete AFTER DELETE ON \(table) BEGIN \(mark("OLD")) END",
        ]
    }
}
