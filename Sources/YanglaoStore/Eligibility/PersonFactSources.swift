import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// The rows eligibility reads besides the person: category memberships and the final level
/// of the result in force, each in one pass over whatever `filter` selects (a region's code
/// range, or some people's ids), keyed by the person's id as text.
enum PersonFactSources {
    /// `filter` is over `elder_categories`.
    static func categories(where filter: any SQLExpression, on scoped: ScopedDatabase) async throws -> [String: [CategoryMembership]] {
        var out: [String: [CategoryMembership]] = [:]
        for row in try await PlainRows.all(
            scoped.sql.select().columns("elder_id", "category", "since", "until", "source")
                .from(ElderCategoryModel.schema).where(filter), on: scoped.database)
        {
            guard let category = ElderCategory(rawValue: try row.requiredString("category")) else { continue }
            out[try row.idText("elder_id"), default: []].append(
                CategoryMembership(
                    category: category, since: try row.string("since").flatMap(CalendarDate.init),
                    until: try row.string("until").flatMap(CalendarDate.init), source: try row.requiredString("source")))
        }
        return out
    }

    /// `filter` is over `ability_assessments`.
    static func levels(where filter: any SQLExpression, on scoped: ScopedDatabase) async throws -> [String: AbilityLevel] {
        let assessments = AbilityAssessmentModel.schema
        var out: [String: AbilityLevel] = [:]
        for row in try await PlainRows.all(
            scoped.sql.select().column(SQLColumn("elder_id", table: assessments)).column(SQLColumn("final_level", table: assessments))
                .from(assessments).where(SQLColumn("current", table: assessments), .equal, SQLBind(true)).where(filter), on: scoped.database)
        {
            if let level = try row.int("final_level").flatMap(AbilityLevel.init(rawValue:)) { out[try row.idText("elder_id")] = level }
        }
        return out
    }

    /// `filter` is over `elders`, joined with `ability_assessments`.
    static func levels(joiningPeopleWhere filter: any SQLExpression, on scoped: ScopedDatabase) async throws -> [String: AbilityLevel] {
        let assessments = AbilityAssessmentModel.schema
        let people = ElderModel.schema
        var out: [String: AbilityLevel] = [:]
        for row in try await PlainRows.all(
            scoped.sql.select().column(SQLColumn("elder_id", table: assessments)).column(SQLColumn("final_level", table: assessments))
                .from(assessments).join(people, on: SQLColumn("id", table: people), .equal, SQLColumn("elder_id", table: assessments))
                .where(SQLColumn("current", table: assessments), .equal, SQLBind(true)).where(filter), on: scoped.database)
        {
            if let level = try row.int("final_level").flatMap(AbilityLevel.init(rawValue:)) { out[try row.idText("elder_id")] = level }
        }
        return out
    }
}
