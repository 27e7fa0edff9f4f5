import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// The people of a region as a monthly run needs them, read lean: the columns the rules
/// read, keyed by the id as text (no UUID parsing, no ordering), with PersonFactSources.
struct SubsidyPopulation {
    let subjects: [PersonSubject]
    let names: [String: String]

    static func load(_ region: RegionCode, scoped: ScopedDatabase) async throws -> SubsidyPopulation {
        let sql = scoped.sql, db = scoped.database
        let people = ElderModel.schema
        let inRegion = try scoped.sqlPredicate(column: "region_code", table: people, within: region)
        let categories = try await PersonFactSources.categories(
            where: try scoped.sqlPredicate(column: "region_code", table: ElderCategoryModel.schema, within: region), on: scoped)
        let levels = try await PersonFactSources.levels(where: inRegion, on: scoped)
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
