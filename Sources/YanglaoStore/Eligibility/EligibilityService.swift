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

    /// Every person of `region` with their facts: three queries (people, categories, results in force).
    func everyone(in region: RegionCode) async throws -> [PersonWithFacts] {
        let sql = elders.scoped.sql
        let people = ElderModel.schema
        let rows = try await sql.select().columns((ElderListRow.columns + ["household_local"]).map { SQLColumn($0) }).from(people)
            .where(try elders.scoped.sqlPredicate(column: "region_code", within: region))
            .orderBy("region_code").orderBy("name").orderBy("id").all()
        var local: [UUID: Bool] = [:]
        let list = try rows.map { row -> ElderListRow in
            let person = try ElderListRow(row)
            local[person.id] = try row.decode(column: "household_local", as: Bool.self)
            return person
        }
        return try await facts(of: list, householdLocal: local)
    }

    func facts(of people: [ElderListRow], householdLocal: [UUID: Bool]) async throws -> [PersonWithFacts] {
        let sql = elders.scoped.sql
        var categories: [UUID: [CategoryMembership]] = [:]
        var levels: [UUID: AbilityLevel] = [:]
        for chunk in people.map(\.id).chunked(into: 500) {
            let ids = SQLGroupExpression(chunk.map { SQLBind($0) })
            for row in try await sql.select().columns("elder_id", "category", "since", "until", "source").from(ElderCategoryModel.schema)
                .where(SQLColumn("elder_id"), .in, ids).all() {
                guard let category = ElderCategory(rawValue: try row.decode(column: "category", as: String.self)) else { continue }
                categories[try row.decode(column: "elder_id", as: UUID.self), default: []].append(CategoryMembership(
                    category: category, since: try row.decode(column: "since", as: String?.self).flatMap(CalendarDate.init),
                    until: try row.decode(column: "until", as: String?.self).flatMap(CalendarDate.init),
                    source: try row.decode(column: "source", as: String.self)))
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
