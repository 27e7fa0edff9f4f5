import Foundation
import SQLKit
import YanglaoCore

/// An eligibility condition as a WHERE clause over `elders`: every person the condition
/// holds for is selected (some who fail it may be too: category dates and the exact
/// assessment are checked afterwards by the pure rules), so a monthly run reads only the
/// people who can be paid instead of the whole register.
enum EligibilityPrefilter {
    /// nil when the condition cannot narrow the people (every person must be read).
    /// Categories are read on `day`, ages on `ageDay`, as `Eligibility.holds` does.
    static func sql(_ condition: EligibilityCondition, day: CalendarDate, ageDay: CalendarDate) -> (any SQLExpression)? {
        let people = ElderModel.schema
        func column(_ name: String) -> SQLColumn { SQLColumn(name, table: people) }
        func bornBy(_ age: Int, on date: CalendarDate) -> any SQLExpression {
            SQLBinaryExpression(column("birth_date"), .lessThanOrEqual, SQLBind(date.latestBirthDate(forAge: age).description))
        }
        /// `elders.id IN (SELECT elder_id FROM table WHERE …)`
        func idIn(_ table: String, where predicate: any SQLExpression) -> any SQLExpression {
            var select = SQLSelect()
            select.columns = [SQLColumn("elder_id", table: table)]
            select.tables = [SQLIdentifier(table)]
            select.predicate = predicate
            return SQLBinaryExpression(column("id"), .in, SQLGroupExpression(select))
        }
        func inCategories(_ categories: [ElderCategory]) -> any SQLExpression {
            let stored = categories.filter { $0 != .advancedAge }
            var parts: [any SQLExpression] = []
            if !stored.isEmpty {
                parts.append(
                    idIn(
                        ElderCategoryModel.schema,
                        where: SQLBinaryExpression(
                            SQLColumn("category", table: ElderCategoryModel.schema), .in, SQLGroupExpression(stored.map { SQLBind($0.rawValue) }))))
            }
            // 高龄 follows from the age on the day as well as being recorded.
            if categories.contains(.advancedAge) { parts.append(bornBy(ElderCategory.advancedAgeFrom, on: day)) }
            return either(parts)!
        }
        switch condition {
        case .ageAtLeast(let n): return bornBy(n, on: ageDay)
        case .ageBelow(let n): return SQLBinaryExpression(column("birth_date"), .greaterThan, SQLBind(ageDay.latestBirthDate(forAge: n).description))
        case .category(let c): return inCategories([c])
        case .anyCategory(let cs): return cs.isEmpty ? SQLRaw("1 = 0") : inCategories(cs)
        case .abilityAtLeast(let level):
            let assessments = AbilityAssessmentModel.schema
            return idIn(
                assessments,
                where: SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn("current", table: assessments), .equal, SQLBind(true)), .and,
                    SQLBinaryExpression(SQLColumn("final_level", table: assessments), .greaterThanOrEqual, SQLBind(level.rawValue))))
        case .localHousehold: return SQLBinaryExpression(column("household_local"), .equal, SQLBind(true))
        case .inRegister:
            // In the register on the day: active now, or left only after the day.
            return SQLGroupExpression(
                SQLBinaryExpression(
                    SQLBinaryExpression(column("status"), .equal, SQLBind(ElderStatus.active.rawValue)), .or,
                    SQLBinaryExpression(column("status_date"), .greaterThan, SQLBind(day.description))))
        case .region(let r):
            let range = ScopedDatabase.codeRange(of: r)
            return SQLGroupExpression(
                SQLBinaryExpression(
                    SQLBinaryExpression(column("region_code"), .greaterThanOrEqual, SQLBind(range.low)), .and,
                    SQLBinaryExpression(column("region_code"), .lessThanOrEqual, SQLBind(range.high))))
        case .all(let parts):
            let narrowing = parts.compactMap { sql($0, day: day, ageDay: ageDay) }
            return narrowing.isEmpty ? nil : SQLGroupExpression(narrowing.dropFirst().reduce(narrowing[0]) { SQLBinaryExpression($0, .and, $1) })
        case .any(let parts):
            let each = parts.map { sql($0, day: day, ageDay: ageDay) }
            guard !each.isEmpty else { return SQLRaw("1 = 0") }
            return each.contains { $0 == nil } ? nil : either(each.compactMap { $0 })
        case .not:
            return nil  // the negation of a wider set is not a wider set
        }
    }

    /// The people any of `schemes` can pay in `month`; nil when one of them may pay anybody.
    static func sql(for schemes: [SubsidyScheme], in month: CalendarMonth) -> (any SQLExpression)? {
        var parts: [any SQLExpression] = []
        for scheme in schemes {
            guard scheme.subjectKind == "person", let condition = scheme.eligibility,
                let part = sql(condition, day: month.firstDay, ageDay: scheme.timing == .sameMonth ? month.lastDay : month.firstDay)
            else { return nil }
            parts.append(part)
        }
        return either(parts)
    }

    private static func either(_ parts: [any SQLExpression]) -> (any SQLExpression)? {
        guard let first = parts.first else { return nil }
        return SQLGroupExpression(parts.dropFirst().reduce(first) { SQLBinaryExpression($0, .or, $1) })
    }
}
