import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// A person with the facts the rules read.
public struct PersonWithFacts: Sendable {
    public let person: ElderListRow
    public let facts: PersonFacts
}

/// 资格: what a person is eligible for and why, and who in a region is eligible for an item,
/// under the service list in force for the place (its items carry the rules).
public struct EligibilityService: Sendable {
    public let elders: ElderService
    public init(elders: ElderService) { self.elders = elders }

    var today: CalendarDate { elders.today }

    /// Every item of the list in force for the person's village, decided for them today.
    public func decisions(for elderID: UUID) async throws -> (list: ServiceListModel?, decisions: [EligibilityDecision]) {
        try elders.requireRead()
        let person = try await elders.model(elderID)
        guard let list = try await ServiceListService(database: elders.scoped.database, actor: nil, today: today).inForce(for: person.region) else {
            return (nil, [])
        }
        let facts = try await self.facts(of: [ElderListRow(person)], householdLocal: [person.id!: person.householdLocal])
        guard let mine = facts.first else { return (list, []) }
        return (list, list.items.compactMap(\.rule).map { Eligibility.evaluate($0, for: mine.facts, on: today) })
    }

    /// The people of `region` (the actor's whole region by default) eligible today for item
    /// `code` of the list in force there, with the decision for each, in region and name order.
    public func eligible(for code: String, in region: RegionCode?) async throws -> (list: ServiceListModel, rule: EligibilityRule, people: [(PersonWithFacts, EligibilityDecision)]) {
        try elders.requireRead()
        let scope: RegionCode
        if let region { scope = region } else if let own = elders.actor.region { scope = own } else {
            throw AppError(.invalidInput, "required", field: "region")
        }
        do { try elders.scoped.authorize(scope) } catch {
            throw AppError(.forbidden, "region_forbidden", field: "region", ["code": scope.value])
        }
        guard let list = try await ServiceListService(database: elders.scoped.database, actor: nil, today: today).inForce(for: scope) else {
            throw AppError(.notFound, "service_list_none", ["code": scope.value])
        }
        guard let rule = list.items.first(where: { $0.code == code })?.rule else {
            throw AppError(.notFound, "eligibility_rule_none", field: "item", ["item": code])
        }
        let people = try await everyone(in: scope)
        let decided = people.map { ($0, Eligibility.evaluate(rule, for: $0.facts, on: today)) }.filter { $0.1.eligible }
        return (list, rule, decided)
    }

    /// Every person of `region` with their facts, in three passes over the region (people,
    /// their categories by the village code the category rows carry, and the results in
    /// force), whatever its size.
    func everyone(in region: RegionCode) async throws -> [PersonWithFacts] {
        let sql = elders.scoped.sql
        let db = elders.scoped.database
        let people = ElderModel.schema
        let inRegion = try elders.scoped.sqlPredicate(column: "region_code", table: people, within: region)
        var local: [UUID: Bool] = [:]
        var list: [ElderListRow] = []
        for row in try await PlainRows.all(sql.select().columns((ElderListRow.columns + ["household_local"]).map { SQLColumn($0, table: people) })
            .from(people).where(inRegion).orderBy(SQLColumn("region_code", table: people)).orderBy(SQLColumn("name", table: people)), on: db) {
            let person = try ElderListRow(row)
            local[person.id] = try row.bool("household_local") ?? false
            list.append(person)
        }
        var categories: [UUID: [CategoryMembership]] = [:]
        for row in try await PlainRows.all(sql.select().columns("elder_id", "category", "since", "until", "source").from(ElderCategoryModel.schema)
            .where(try elders.scoped.sqlPredicate(column: "region_code", table: ElderCategoryModel.schema, within: region)), on: db) {
            guard let category = ElderCategory(rawValue: try row.requiredString("category")) else { continue }
            categories[try row.uuid("elder_id"), default: []].append(CategoryMembership(
                category: category, since: try row.string("since").flatMap(CalendarDate.init),
                until: try row.string("until").flatMap(CalendarDate.init), source: try row.requiredString("source")))
        }
        var levels: [UUID: AbilityLevel] = [:]
        let assessments = AbilityAssessmentModel.schema
        for row in try await PlainRows.all(sql.select().column(SQLColumn("elder_id", table: assessments)).column(SQLColumn("final_level", table: assessments))
            .from(assessments).join(people, on: SQLColumn("id", table: people), .equal, SQLColumn("elder_id", table: assessments))
            .where(SQLColumn("current", table: assessments), .equal, SQLBind(true)).where(inRegion), on: db) {
            if let level = try row.int("final_level").flatMap(AbilityLevel.init(rawValue:)) { levels[try row.uuid("elder_id")] = level }
        }
        return list.map { p in
            PersonWithFacts(person: p, facts: PersonFacts(
                birthDate: p.birth, status: ElderStatus(rawValue: p.status) ?? .active, region: RegionCode(validated: p.regionCode),
                householdLocal: local[p.id] ?? false, categories: categories[p.id] ?? [], abilityLevel: levels[p.id]))
        }
    }

    static func membership(_ row: any SQLRow) throws -> CategoryMembership? {
        guard let category = ElderCategory(rawValue: try row.decode(column: "category", as: String.self)) else { return nil }
        return CategoryMembership(category: category, since: try row.decode(column: "since", as: String?.self).flatMap(CalendarDate.init),
                                  until: try row.decode(column: "until", as: String?.self).flatMap(CalendarDate.init),
                                  source: try row.decode(column: "source", as: String.self))
    }

    func facts(of people: [ElderListRow], householdLocal: [UUID: Bool]) async throws -> [PersonWithFacts] {
        let sql = elders.scoped.sql
        var categories: [UUID: [CategoryMembership]] = [:]
        var levels: [UUID: AbilityLevel] = [:]
        for chunk in people.map(\.id).chunked(into: 500) {
            let ids = SQLGroupExpression(chunk.map { SQLBind($0) })
            for row in try await sql.select().columns("elder_id", "category", "since", "until", "source").from(ElderCategoryModel.schema)
                .where(SQLColumn("elder_id"), .in, ids).all() {
                guard let membership = try Self.membership(row) else { continue }
                categories[try row.decode(column: "elder_id", as: UUID.self), default: []].append(membership)
            }
            for row in try await sql.select().columns("elder_id", "final_level").from(AbilityAssessmentModel.schema)
                .where(SQLColumn("elder_id"), .in, ids).where("current", .equal, SQLBind(true)).all() {
                if let level = try row.decode(column: "final_level", as: Int?.self).flatMap(AbilityLevel.init(rawValue:)) {
                    levels[try row.decode(column: "elder_id", as: UUID.self)] = level
                }
            }
        }
        return people.map { p in
            PersonWithFacts(person: p, facts: PersonFacts(
                birthDate: p.birth, status: ElderStatus(rawValue: p.status) ?? .active, region: RegionCode(validated: p.regionCode),
                householdLocal: householdLocal[p.id] ?? false, categories: categories[p.id] ?? [], abilityLevel: levels[p.id]))
        }
    }
}
