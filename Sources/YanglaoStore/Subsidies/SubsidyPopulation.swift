import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// The people of a region as a monthly run needs them, read lean: the columns the rules
/// read, keyed by the id as text (no UUID parsing, no ordering), in three passes.
struct SubsidyPopulation {
    let subjects: [PersonSubject]
    let names: [String: String]

    static func load(_ region: RegionCode, scoped: ScopedDatabase) async throws -> SubsidyPopulation {
        let sql = scoped.sql, db = scoped.database
        let people = ElderModel.schema
        let inRegion = try scoped.sqlPredicate(column: "region_code", table: people, within: region)
        var categories: [String: [CategoryMembership]] = [:]
        for row in try await PlainRows.all(sql.select().columns("elder_id", "category", "since", "until", "source").from(ElderCategoryModel.schema)
            .where(try scoped.sqlPredicate(column: "region_code", table: ElderCategoryModel.schema, within: region)), on: db) {
            guard let category = ElderCategory(rawValue: try row.requiredString("category")) else { continue }
            categories[try row.idText("elder_id"), default: []].append(CategoryMembership(
                category: category, since: try row.string("since").flatMap(CalendarDate.init),
                until: try row.string("until").flatMap(CalendarDate.init), source: try row.requiredString("source")))
        }
        var levels: [String: AbilityLevel] = [:]
        let assessments = AbilityAssessmentModel.schema
        for row in try await PlainRows.all(sql.select().column(SQLColumn("elder_id", table: assessments)).column(SQLColumn("final_level", table: assessments))
            .from(assessments).join(people, on: SQLColumn("id", table: people), .equal, SQLColumn("elder_id", table: assessments))
            .where(SQLColumn("current", table: assessments), .equal, SQLBind(true)).where(inRegion), on: db) {
            if let level = try row.int("final_level").flatMap(AbilityLevel.init(rawValue:)) { levels[try row.idText("elder_id")] = level }
        }
        var subjects: [PersonSubject] = []
        var names: [String: String] = [:]
        var regions: [String: RegionCode] = [:]
        for row in try await PlainRows.all(sql.select().columns(["id", "name", "birth_date", "status", "status_date", "region_code", "household_local"].map { SQLColumn($0, table: people) })
            .from(people).where(inRegion), on: db) {
            let key = try row.idText("id")
            let code = try row.requiredString("region_code")
            let village = regions[code] ?? RegionCode(validated: code)
            regions[code] = village
            guard let birth = CalendarDate(try row.requiredString("birth_date")) else { continue }
            let status = ElderStatus(rawValue: try row.requiredString("status")) ?? .active
            names[key] = try row.requiredString("name")
            subjects.append(PersonSubject(
                key: key,
                facts: PersonFacts(birthDate: birth, status: status, region: village, householdLocal: try row.bool("household_local") ?? false,
                                   categories: categories[key] ?? [], abilityLevel: levels[key]),
                statusSince: status == .active ? nil : try row.string("status_date").flatMap(CalendarDate.init)))
        }
        return SubsidyPopulation(subjects: subjects, names: names)
    }
}
