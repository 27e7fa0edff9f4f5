import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// One region's population in one year (see `PopulationFigures`).
public final class RegionPopulationModel: Model, @unchecked Sendable {
    public static let schema = "region_populations"

    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "year") public var year: Int
    @Field(key: "residents") public var residents: Int
    @Field(key: "aged60") public var aged60: Int
    @OptionalField(key: "aged65") public var aged65: Int?
    @OptionalField(key: "aged80") public var aged80: Int?
    @Field(key: "source") public var source: String
    @Field(key: "entered_by") public var enteredBy: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var figures: PopulationFigures {
        PopulationFigures(year: year, residents: residents, aged60: aged60, aged65: aged65, aged80: aged80, source: source)
    }

    func take(_ f: PopulationFigures, by username: String) {
        year = f.year
        residents = f.residents
        aged60 = f.aged60
        aged65 = f.aged65
        aged80 = f.aged80
        source = f.source
        enteredBy = username
    }
}

extension RegionPopulationModel: RegionOwned {
    public static let regionField: FieldKey = "region_code"
}

struct CreateRegionPopulations: TableMigration {
    let tables = [RegionPopulationModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(RegionPopulationModel.schema)
            .id()
            .field("region_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("year", .int, .required)
            .field("residents", .int, .required)
            .field("aged60", .int, .required)
            .field("aged65", .int)
            .field("aged80", .int)
            .field("source", .string, .required)
            .field("entered_by", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "region_code", "year")
            .create()
    }
}

/// 人口底数: population figures entered by a county officer (or above) for their regions, or
/// imported from a file; the register's statistics read them to give shares of the
/// population and the enrolment rate.
public struct PopulationService: Sendable {
    public let context: StoreContext

    public init(_ context: StoreContext) {
        self.context = context
    }

    /// A region's figures: its own for the latest year it has, else the sum of its children's
    /// for the latest year any of them has (`regions` says how many children that covers).
    public struct Known: Sendable {
        public let figures: PopulationFigures
        public let regions: Int
        public let ofChildren: Int?
    }

    public func latest(of code: RegionCode) async throws -> Known? {
        try context.scoped.authorize(code)
        let db = context.database
        if let own = try await RegionPopulationModel.query(on: db).filter(\.$regionCode == code.value).sort(\.$year, .descending).first() {
            return Known(figures: own.figures, regions: 1, ofChildren: nil)
        }
        let children = try await RegionModel.query(on: db).filter(\.$parentCode == code.value).filter(\.$retiredOn == nil).all().map { $0.id! }
        guard !children.isEmpty else { return nil }
        let rows = try await RegionPopulationModel.query(on: db).filter(\.$regionCode ~~ children).all()
        guard let year = rows.map(\.year).max() else { return nil }
        let ofYear = rows.filter { $0.year == year }
        func sum(_ value: (RegionPopulationModel) -> Int?) -> Int? {
            let values = ofYear.map(value)
            return values.contains { $0 == nil } ? nil : values.reduce(0) { $0 + $1! }
        }
        let sources = Set(ofYear.map(\.source)).sorted().joined(separator: "；")
        return Known(
            figures: PopulationFigures(
                year: year, residents: sum { $0.residents }!, aged60: sum { $0.aged60 }!, aged65: sum(\.aged65), aged80: sum(\.aged80),
                source: sources),
            regions: ofYear.count, ofChildren: children.count)
    }

    /// Every year's figures of the region itself, newest first.
    public func history(of code: RegionCode) async throws -> [PopulationFigures] {
        try context.scoped.authorize(code)
        return try await RegionPopulationModel.query(on: context.database).filter(\.$regionCode == code.value)
            .sort(\.$year, .descending).all().map(\.figures)
    }

    /// Sets a region's figures for their year (a county officer for the county and below).
    public func set(_ code: RegionCode, _ figures: PopulationFigures) async throws -> RegionPopulationModel {
        try authorizeEntry(code)
        if let (field, rule) = figures.problem(thisYear: context.today.year) { throw AppError(.invalidInput, rule, field: field) }
        guard let region = try await RegionModel.find(code.value, on: context.database), !region.isRetired else {
            throw AppError(.notFound, "region_not_found", ["code": code.value])
        }
        let actor = context.actor
        return try await context.database.transaction { tx in
            let row = try await Self.write(code, figures, by: actor.username, on: tx)
            try await AuditLog.record(
                on: tx, actor: actor, action: "population.set", recordType: "region", recordID: code.value, region: code,
                detail: "\(figures.year) residents=\(figures.residents) aged60=\(figures.aged60)")
            return row
        }
    }

    public struct ImportReport: Sendable {
        public let rows: Int
        public let written: Int
        public let problems: [RegionFile.Problem]
        public let committed: Bool
    }

    /// Checks a file of figures and, with `commit` and no problems, writes it in one transaction.
    public func run(_ table: [[String]], source: String?, commit: Bool) async throws -> ImportReport {
        let file: PopulationFile
        do { file = try PopulationFile(table: table, thisYear: context.today.year, source: source) } catch { throw error.appError }
        var problems = file.problems
        let known = Set(try await RegionModel.query(on: context.database).filter(\.$retiredOn == nil).all().map { $0.id! })
        for row in file.rows {
            if !context.scoped.allows(row.code) || !canEnter(row.code) {
                problems.append(.init(line: row.line, column: "code", code: "region_outside_scope", value: row.code.value))
            } else if !known.contains(row.code.value) {
                problems.append(
                    .init(line: row.line, column: "code", code: "region_not_found", value: row.code.value, arguments: ["code": row.code.value]))
            }
        }
        problems.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        guard commit, problems.isEmpty, !file.rows.isEmpty else {
            return ImportReport(rows: file.rows.count + file.problems.count, written: 0, problems: problems, committed: false)
        }
        let actor = context.actor
        let rows = file.rows
        let top = RegionCode.commonAncestor(of: rows.map(\.code)) ?? rows[0].code
        try await context.database.transaction { tx in
            for row in rows { _ = try await Self.write(row.code, row.figures, by: actor.username, on: tx) }
            try await AuditLog.record(
                on: tx, actor: actor, action: "population.import", recordType: "region", recordID: top.value, region: top,
                detail: "rows=\(rows.count)")
        }
        return ImportReport(rows: rows.count, written: rows.count, problems: [], committed: true)
    }

    static func write(_ code: RegionCode, _ figures: PopulationFigures, by username: String, on db: any Database) async throws
        -> RegionPopulationModel
    {
        let row =
            try await RegionPopulationModel.query(on: db).filter(\.$regionCode == code.value).filter(\.$year == figures.year).first()
            ?? RegionPopulationModel()
        row.regionCode = code.value
        row.take(figures, by: username)
        try await row.save(on: db)
        return row
    }

    /// County officers enter figures for their county and below; city officers and administrators for any region.
    private func canEnter(_ code: RegionCode) -> Bool {
        [.systemAdmin, .cityOfficer, .countyOfficer].contains(context.actor.role)
    }

    private func authorizeEntry(_ code: RegionCode) throws {
        guard canEnter(code) else { throw AppError(.forbidden, "population_forbidden") }
        do { try context.scoped.authorize(code) } catch { throw AppError(.notFound, "region_not_found", ["code": code.value]) }
    }
}
