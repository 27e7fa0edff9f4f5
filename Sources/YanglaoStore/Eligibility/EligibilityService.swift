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
    public let context: StoreContext
    /// The register, read as this context's actor.
    var register: ElderService { ElderService(context) }
    public init(_ context: StoreContext) { self.context = context }

    var today: CalendarDate { context.today }

    /// Every item of the list in force for the person's village, decided for them today.
    public func decisions(for elderID: UUID) async throws -> (list: ServiceListModel?, decisions: [EligibilityDecision]) {
        try register.requireRead()
        let person = try await register.model(elderID)
        guard let list = try await PublishedServiceLists(database: context.database, today: today).inForce(for: person.region) else {
            return (nil, [])
        }
        let facts = try await self.facts(of: [ElderListRow(person)], householdLocal: [person.id!: person.householdLocal])
        guard let mine = facts.first else { return (list, []) }
        return (list, list.items.compactMap(\.rule).map { Eligibility.evaluate($0, for: mine.facts, on: today) })
    }

    /// The people of `region` (the actor's whole region by default) eligible today for item
    /// `code` of the list in force there, with the decision for each, in region and name order.
    public func eligible(for code: String, in region: RegionCode?) async throws -> (
        list: ServiceListModel, rule: EligibilityRule, people: [(PersonWithFacts, EligibilityDecision)]
    ) {
        try register.requireRead()
        let scope: RegionCode
        if let region {
            scope = region
        } else if let own = context.actor.region {
            scope = own
        } else {
            throw AppError(.invalidInput, "required", field: "region")
        }
        do { try context.scoped.authorize(scope) } catch {
            throw AppError(.forbidden, "region_forbidden", field: "region", ["code": scope.value])
        }
        guard let list = try await PublishedServiceLists(database: context.database, today: today).inForce(for: scope) else {
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
        let scoped = context.scoped
        let people = ElderModel.schema
        let inRegion = try scoped.sqlPredicate(column: "region_code", table: people, within: region)
        var local: [UUID: Bool] = [:]
        var list: [ElderListRow] = []
        for row in try await PlainRows.all(
            scoped.sql.select().columns((ElderListRow.columns + ["household_local"]).map { SQLColumn($0, table: people) })
                .from(people).where(inRegion).orderBy(SQLColumn("region_code", table: people)).orderBy(SQLColumn("name", table: people)),
            on: scoped.database)
        {
            let person = try ElderListRow(row)
            local[person.id] = try row.bool("household_local") ?? false
            list.append(person)
        }
        let categories = try await PersonFactSources.categories(
            where: try scoped.sqlPredicate(column: "region_code", table: ElderCategoryModel.schema, within: region), on: scoped)
        let levels = try await PersonFactSources.levels(joiningPeopleWhere: inRegion, on: scoped)
        return list.map { Self.withFacts($0, local: local[$0.id] ?? false, categories: categories, levels: levels) }
    }

    /// `people` with their facts, read by their ids.
    func facts(of people: [ElderListRow], householdLocal: [UUID: Bool]) async throws -> [PersonWithFacts] {
        var categories: [String: [CategoryMembership]] = [:]
        var levels: [String: AbilityLevel] = [:]
        for chunk in people.map(\.id).chunked(into: 500) {
            let ids = SQLGroupExpression(chunk.map { SQLBind($0) })
            categories.merge(try await PersonFactSources.categories(where: SQLBinaryExpression(SQLColumn("elder_id"), .in, ids), on: context.scoped))
            { a, _ in a }
            levels.merge(
                try await PersonFactSources.levels(
                    where: SQLBinaryExpression(SQLColumn("elder_id", table: AbilityAssessmentModel.schema), .in, ids), on: context.scoped)
            ) { a, _ in a }
        }
        return people.map { Self.withFacts($0, local: householdLocal[$0.id] ?? false, categories: categories, levels: levels) }
    }

    static func withFacts(_ p: ElderListRow, local: Bool, categories: [String: [CategoryMembership]], levels: [String: AbilityLevel])
        -> PersonWithFacts
    {
        let key = p.id.uuidString
        return PersonWithFacts(
            person: p,
            facts: PersonFacts(
                birthDate: p.birth, status: ElderStatus(rawValue: p.status) ?? .active, region: RegionCode(validated: p.regionCode),
                householdLocal: local, categories: categories[key] ?? [], abilityLevel: levels[key]))
    }
}
