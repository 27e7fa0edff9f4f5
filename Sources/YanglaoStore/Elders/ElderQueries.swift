import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// What a register list may be narrowed and ordered by.
public struct ElderListFilter: Sendable {
    public enum Sort: String, Sendable, CaseIterable {
        case name, birthDate = "birth_date", region = "region_code", enrolledOn = "enrolled_on", createdAt = "created_at"
    }
    public var region: RegionCode?
    public var name: String?
    public var citizenID: CitizenID?
    public var category: ElderCategory?
    public var minAge: Int?
    public var maxAge: Int?
    public var status: ElderStatus?
    public var sort: Sort = .region
    public var descending = false
    public init() {}

    /// What decides which people match (not their order), for caching the count; nil for
    /// a search by ID number (one index lookup, and no number should sit in a cache key).
    var cacheKey: String? {
        guard citizenID == nil else { return nil }
        return [region?.value, name, category?.rawValue, minAge.map(String.init), maxAge.map(String.init), status?.rawValue]
            .map { $0 ?? "" }.joined(separator: "|")
    }
}

/// One row of a register list: masked numbers only, with the categories in force.
public struct ElderListItem: Sendable {
    public let model: ElderModel
    public let categories: [ElderCategory]
}

extension ElderService {
    public func list(_ filter: ElderListFilter, page: ListPage) async throws -> (items: [ElderListItem], total: Int) {
        try requireRead()
        var q: QueryBuilder<ElderModel>
        do { q = try scoped.query(ElderModel.self, within: filter.region) } catch {
            throw AppError(.forbidden, "region_forbidden", field: "region", ["code": error.requested.value])
        }
        if let name = filter.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty { q = q.filter(\.$name ~~ name) }
        if let id = filter.citizenID { q = q.filter(\.$idHash == lookupHash(id)) }
        if let status = filter.status { q = q.filter(\.$status == status.rawValue) }
        if let min = filter.minAge { q = q.filter(\.$birthDate <= today.latestBirthDate(forAge: min).description) }
        if let max = filter.maxAge { q = q.filter(\.$birthDate > today.latestBirthDate(forAge: max + 1).description) }
        if let category = filter.category {
            if category == .advancedAge {
                q = q.filter(\.$birthDate <= today.latestBirthDate(forAge: ElderCategory.advancedAgeFrom).description)
            } else {
                let day = today.description
                q = q.join(ElderCategoryModel.self, on: \ElderCategoryModel.$elder.$id == \ElderModel.$id)
                    .filter(ElderCategoryModel.self, \.$category == category.rawValue)
                    .group(.or) { $0.filter(ElderCategoryModel.self, \.$since == nil).filter(ElderCategoryModel.self, \.$since <= day) }
                    .group(.or) { $0.filter(ElderCategoryModel.self, \.$until == nil).filter(ElderCategoryModel.self, \.$until >= day) }
                // The same region range on the category row lets the index (category, region_code) do the work.
                if let range = scoped.range(of: filter.region) {
                    let low: String? = range.low, high: String? = range.high
                    q = q.filter(ElderCategoryModel.self, \.$regionCode >= low)
                    q = q.filter(ElderCategoryModel.self, \.$regionCode <= high)
                }
            }
        }
        let counting = q.copy()
        let total = if let key = filter.cacheKey {
            try await cached("list|\(actor.region?.value ?? "*")|\(key)|\(today)") { try await counting.count() }
        } else {
            try await counting.count()
        }
        q = q.sort(ElderModel.self, FieldKey(stringLiteral: filter.sort.rawValue), filter.descending ? .descending : .ascending)
        if filter.sort != .name { q = q.sort(\.$name) }
        q = q.sort(\.$id)
        // The page's ids first (sorted from the index on id, status, region and name), then
        // only those people's rows, instead of sorting every match's whole row.
        let ids = try await q.field(\.$id).range(page.offset..<(page.offset + page.per)).all().compactMap(\.id)
        let found = try await scoped.query(ElderModel.self).filter(\.$id ~~ ids).all()
        let byID = Dictionary(found.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        return (try await items(for: ids.compactMap { byID[$0] }), total)
    }

    /// List rows for `models`: their categories in force today, 高龄 included, in one query.
    public func items(for models: [ElderModel]) async throws -> [ElderListItem] {
        let categories = try await activeCategories(of: models.compactMap(\.id))
        return models.map { model in
            var set = categories[model.id!] ?? []
            if model.birth.age(on: today) >= ElderCategory.advancedAgeFrom { set.insert(.advancedAge) }
            return ElderListItem(model: model, categories: ElderCategory.allCases.filter(set.contains))
        }
    }

    /// Categories in force today for each of `ids`, in one query.
    func activeCategories(of ids: [UUID]) async throws -> [UUID: Set<ElderCategory>] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await ElderCategoryModel.query(on: scoped.database).filter(\.$elder.$id ~~ ids).all()
        var out: [UUID: Set<ElderCategory>] = [:]
        for row in rows {
            guard let membership = row.membership, membership.isActive(on: today) else { continue }
            out[row.$elder.id, default: []].insert(membership.category)
        }
        return out
    }
}

/// 统计: the register of a region counted by status, child region, age band, sex and category.
/// Everything but `byStatus` counts people in the register (status active) only.
public struct ElderStats: Sendable {
    public let region: RegionModel
    public let today: CalendarDate
    public let total: Int
    public let byStatus: [ElderStatus: Int]
    public let byChild: [(region: RegionModel, count: Int)]
    public let byAgeBand: [AgeBand: Int]
    public let bySex: [Sex: Int]
    public let byCategory: [ElderCategory: Int]
}

extension ElderService {
    public func stats(of code: RegionCode) async throws -> ElderStats {
        try requireRead()
        try scoped.authorize(code)
        return try await cached("stats|\(code.value)|\(today)") { try await computeStats(of: code) }
    }

    func computeStats(of code: RegionCode) async throws -> ElderStats {
        let summary = try await scoped.regionSummary(code)
        let sql = scoped.sql
        let inRegion = try scoped.sqlPredicate(column: "region_code", table: ElderModel.schema, within: code)
        let active = SQLBinaryExpression(SQLColumn("status", table: ElderModel.schema), .equal, SQLBind(ElderStatus.active.rawValue))
        let count = SQLFunction("COUNT", args: SQLLiteral.all)

        var byStatus: [ElderStatus: Int] = [:]
        for row in try await sql.select().column("status").column(count, as: "n").from(ElderModel.schema)
            .where(inRegion).groupBy("status").all() {
            if let s = ElderStatus(rawValue: try row.decode(column: "status", as: String.self)) { byStatus[s] = try row.decode(column: "n", as: Int.self) }
        }

        // Child region, sex and age band in one grouped pass; the band is a CASE over birth-date cut-offs.
        let width = (code.level.child ?? code.level).prefixLength
        let childKey = SQLFunction("SUBSTR", args: SQLColumn("region_code"), SQLLiteral.numeric("1"), SQLLiteral.numeric("\(width)"))
        // Cut-offs are dates we format ourselves, so they go in as literals: the same CASE text
        // then appears once, and the GROUP BY uses column positions on both databases.
        let bandExpression = SQLCaseExpression(
            cases: AgeBand.allCases.reversed().filter { $0 != .under60 }.map { band in
                (SQLBinaryExpression(SQLColumn("birth_date"), .lessThanOrEqual, SQLLiteral.string(today.latestBirthDate(forAge: band.lowerAge).description)),
                 SQLLiteral.string(band.rawValue))
            },
            otherwise: SQLLiteral.string(AgeBand.under60.rawValue))
        var byChildKey: [String: Int] = [:]
        var byAgeBand: [AgeBand: Int] = [:]
        var bySex: [Sex: Int] = [:]
        var total = 0
        let rows = try await sql.select()
            .column(childKey, as: "k").column("sex").column(SQLAlias(bandExpression, as: SQLIdentifier("band"))).column(count, as: "n")
            .from(ElderModel.schema).where(inRegion).where(active)
            .groupBy(SQLLiteral.numeric("1")).groupBy(SQLLiteral.numeric("2")).groupBy(SQLLiteral.numeric("3"))
            .all()
        for row in rows {
            let n = try row.decode(column: "n", as: Int.self)
            total += n
            byChildKey[try row.decode(column: "k", as: String.self), default: 0] += n
            if let sex = Sex(rawValue: try row.decode(column: "sex", as: String.self)) { bySex[sex, default: 0] += n }
            if let band = AgeBand(rawValue: try row.decode(column: "band", as: String.self)) { byAgeBand[band, default: 0] += n }
        }
        let byChild = summary.children.map { child in
            (region: child, count: byChildKey[String(child.id!.prefix(width))] ?? 0)
        }

        let day = today.description
        var byCategory: [ElderCategory: Int] = [:]
        for row in try await sql.select()
            .column(SQLColumn("category", table: ElderCategoryModel.schema)).column(count, as: "n")
            .from(ElderCategoryModel.schema)
            .join(ElderModel.schema, on: SQLColumn("id", table: ElderModel.schema), .equal, SQLColumn("elder_id", table: ElderCategoryModel.schema))
            .where(inRegion).where(active)
            .where(group: { $0.where(SQLColumn("since"), .is, SQLLiteral.null).orWhere(SQLColumn("since"), .lessThanOrEqual, SQLBind(day)) })
            .where(group: { $0.where(SQLColumn("until"), .is, SQLLiteral.null).orWhere(SQLColumn("until"), .greaterThanOrEqual, SQLBind(day)) })
            .groupBy(SQLColumn("category", table: ElderCategoryModel.schema))
            .all() {
            if let c = ElderCategory(rawValue: try row.decode(column: "category", as: String.self)) { byCategory[c] = try row.decode(column: "n", as: Int.self) }
        }
        byCategory[.advancedAge] = AgeBand.allCases.filter { $0.lowerAge >= ElderCategory.advancedAgeFrom }.reduce(0) { $0 + (byAgeBand[$1] ?? 0) }

        return ElderStats(region: summary.region, today: today, total: total, byStatus: byStatus, byChild: byChild,
                          byAgeBand: byAgeBand, bySex: bySex, byCategory: byCategory)
    }
}

/// `CASE WHEN c1 THEN v1 … ELSE v END`, which SQLKit has no builder for.
struct SQLCaseExpression: SQLExpression {
    let cases: [(any SQLExpression, any SQLExpression)]
    let otherwise: any SQLExpression

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("CASE")
        for (condition, value) in cases {
            serializer.write(" WHEN ")
            condition.serialize(to: &serializer)
            serializer.write(" THEN ")
            value.serialize(to: &serializer)
        }
        serializer.write(" ELSE ")
        otherwise.serialize(to: &serializer)
        serializer.write(" END")
    }
}
