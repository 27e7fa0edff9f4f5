import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// The people of a region as a monthly run needs them, read lean: the columns the rules
/// read, keyed by the id as text (no UUID parsing, no ordering), with PersonFactSources.
struct SubsidyPopulation {
    let subjects: [PersonSubject]
    let names: [String: String]

    /// The people of `region` that `narrowing` (over `elders`, e.g. an EligibilityPrefilter) selects; all of them when nil.
    static func load(_ region: RegionCode, narrowedTo narrowing: (any SQLExpression)?, scoped: ScopedDatabase) async throws -> SubsidyPopulation {
        let people = ElderModel.schema
        // A county or city run reads a large share of its rows: scanning beats an index lookup per row.
        let wide = narrowing != nil && region.level != .township && region.level != .village
        func inRegion(_ table: String) throws -> any SQLExpression {
            wide
                ? try scoped.scanPredicate(column: "region_code", table: table, within: region)
                : try scoped.sqlPredicate(column: "region_code", table: table, within: region)
        }
        let selected: any SQLExpression = try narrowing.map { SQLBinaryExpression(try inRegion(people), .and, $0) } ?? inRegion(people)
        let rows = try await PlainRows.all(
            scoped.sql.select()
                .columns(
                    ["id", "name", "birth_date", "status", "status_date", "region_code", "household_local"].map { SQLColumn($0, table: people) }
                )
                .from(people).where(selected), on: scoped.database)
        let keys = try rows.map { try $0.idText("id") }
        // The region's facts in one pass each (selecting the people again would cost more than reading a few unneeded rows).
        let categories = try await PersonFactSources.categories(where: try inRegion(ElderCategoryModel.schema), on: scoped)
        let levels = try await PersonFactSources.levels(joiningPeopleWhere: try inRegion(people), on: scoped)
        var subjects: [PersonSubject] = []
        subjects.reserveCapacity(rows.count)
        var names: [String: String] = [:]
        var regions: [String: RegionCode] = [:]
        for (row, key) in zip(rows, keys) {
            let code = try row.requiredString("region_code")
            let village = regions[code] ?? RegionCode(validated: code)
            regions[code] = village
            guard let birth = CalendarDate(try row.requiredString("birth_date")) else { continue }
            let status = ElderStatus(rawValue: try row.requiredString("status")) ?? .active
            names[key] = try row.requiredString("name")
            subjects.append(
                PersonSubject(
                    key: key,
                    facts: PersonFacts(
                        birthDate: birth, status: status, region: village, householdLocal: try row.bool("household_local") ?? false,
                        categories: categories[key] ?? [], abilityLevel: levels[key]),
                    statusSince: status == .active ? nil : try row.string("status_date").flatMap(CalendarDate.init)))
        }
        return SubsidyPopulation(subjects: subjects, names: names)
    }

    /// Some people of `region` by their ids (as text), e.g. those a run no longer pays, to say why.
    static func load(_ region: RegionCode, keys: [String], scoped: ScopedDatabase) async throws -> SubsidyPopulation {
        var subjects: [PersonSubject] = []
        var names: [String: String] = [:]
        for chunk in keys.compactMap(UUID.init(uuidString:)).chunked(into: 500) {
            let part = try await load(
                region,
                narrowedTo: SQLBinaryExpression(
                    SQLColumn("id", table: ElderModel.schema), .in,
                    SQLGroupExpression(chunk.map { SQLBind($0) })), scoped: scoped)
            subjects += part.subjects
            names.merge(part.names) { a, _ in a }
        }
        return SubsidyPopulation(subjects: subjects, names: names)
    }
}
