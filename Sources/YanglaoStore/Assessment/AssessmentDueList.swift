import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// A person whose approved result is due for reassessment.
public struct AssessmentDue: Sendable {
    public let person: ElderListRow
    public let assessmentID: UUID
    public let finalLevel: AbilityLevel?
    public let assessedOn: String
    public let nextDue: String
}

extension AssessmentService {
    /// People in the register (status active) of `region` whose result in force is due on
    /// or before `day` (today: overdue), the longest overdue first.
    public func due(in region: RegionCode?, by day: CalendarDate? = nil, page: ListPage) async throws -> (items: [AssessmentDue], total: Int) {
        try register.requireRead()
        let sql = try context.scoped.sql
        let assessments = AbilityAssessmentModel.schema
        let people = ElderModel.schema
        let inRegion: any SQLExpression
        do { inRegion = try context.scoped.sqlPredicate(column: "region_code", table: people, within: region) } catch {
            throw AppError(.forbidden, "region_forbidden", field: "region", ["code": error.requested.value])
        }
        func select(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            builder.from(assessments)
                .join(people, on: SQLColumn("id", table: people), .equal, SQLColumn("elder_id", table: assessments))
                .where(SQLColumn("current", table: assessments), .equal, SQLBind(true))
                .where(SQLColumn("next_due", table: assessments), .lessThanOrEqual, SQLBind((day ?? today).description))
                .where(SQLColumn("status", table: people), .equal, SQLBind(ElderStatus.active.rawValue))
                .where(inRegion)
        }
        let total =
            try await select(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()?
            .decode(column: "n", as: Int.self) ?? 0
        let columns =
            ElderListRow.columns.map { SQLColumn($0, table: people) as any SQLExpression }
            + [
                SQLAlias(SQLColumn("id", table: assessments), as: SQLIdentifier("assessment_id")),
                SQLColumn("final_level", table: assessments), SQLColumn("assessed_on", table: assessments), SQLColumn("next_due", table: assessments),
            ]
        let rows = try await select(sql.select().columns(columns))
            .orderBy(SQLColumn("next_due", table: assessments)).orderBy(SQLColumn("name", table: people)).orderBy(SQLColumn("id", table: people))
            .limit(page.per).offset(page.offset).all()
        let items = try rows.map { row in
            AssessmentDue(
                person: try ElderListRow(row), assessmentID: try row.decode(column: "assessment_id", as: UUID.self),
                finalLevel: try row.decode(column: "final_level", as: Int?.self).flatMap(AbilityLevel.init(rawValue:)),
                assessedOn: try row.decode(column: "assessed_on", as: String.self),
                nextDue: try row.decode(column: "next_due", as: String.self))
        }
        return (items, total)
    }
}
