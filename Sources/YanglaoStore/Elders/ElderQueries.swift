import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// What a register list may be narrowed and ordered by.
public struct ElderListFilter: Sendable {
    public enum Sort: String, Sendable, CaseIterable {
        case name
        case birthDate = "birth_date"
        case region = "region_code"
        case enrolledOn = "enrolled_on"
        case createdAt = "created_at"
    }
    public var region: RegionCode?
    public var name: String?
    public var citizenID: CitizenID?
    public var category: ElderCategory?
    public var minAge: Int?
    public var maxAge: Int?
    public var status: ElderStatus?
    /// 入网: only the people with (true) or without (false) an enrolment date.
    public var enrolled: Bool?
    public var sort: Sort = .region
    public var descending = false
    public init() {}

    /// What decides which people match (not their order), for caching the count; nil for
    /// a search by ID number (one index lookup, and no number should sit in a cache key).
    var cacheKey: String? {
        guard citizenID == nil else { return nil }
        return [
            region?.value, name, category?.rawValue, minAge.map(String.init), maxAge.map(String.init), status?.rawValue,
            enrolled.map { $0 ? "enrolled" : "not_enrolled" },
        ]
        .map { $0 ?? "" }.joined(separator: "|")
    }

    /// The filter as the audit log keeps it: the conditions given, an ID number only as "by ID".
    var auditText: String {
        let parts: [(String, String?)] = [
            ("region", region?.value), ("name", name), ("category", category?.rawValue), ("minAge", minAge.map(String.init)),
            ("maxAge", maxAge.map(String.init)), ("status", status?.rawValue), ("enrolled", enrolled.map { $0 ? "yes" : "no" }),
            ("citizenId", citizenID == nil ? nil : "given"),
        ]
        return parts.compactMap { key, value in value.flatMap { $0.isEmpty ? nil : "\(key)=\($0)" } }.joined(separator: " ")
    }

    /// 高龄 is a matter of birth date; every other category is a row of `elder_categories`.
    var joinsCategories: Bool { category != nil && category != .advancedAge }
}

/// One row of a register list: masked numbers only, with the categories in force.
public struct ElderListItem: Sendable {
    public let person: ElderListRow
    public let categories: [ElderCategory]
}

/// The columns of a person that lists show, read straight from SQL rows: lists are the
/// register's hot path, and a Fluent model costs more to decode than the query costs to run.
public struct ElderListRow: Sendable {
    public let id: UUID
    public let idMasked: String
    public let name: String
    public let sex: String
    public let birthDate: String
    public let phoneMasked: String?
    public let regionCode: String
    public let address: String
    public let status: String
    public let statusDate: String?
    public let enrolledOn: String?

    public var birth: CalendarDate { CalendarDate(birthDate)! }

    static let columns = [
        "id", "id_masked", "name", "sex", "birth_date", "phone_masked", "region_code", "address",
        "status", "status_date", "enrolled_on",
    ]

    init(_ row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        idMasked = try row.decode(column: "id_masked", as: String.self)
        name = try row.decode(column: "name", as: String.self)
        sex = try row.decode(column: "sex", as: String.self)
        birthDate = try row.decode(column: "birth_date", as: String.self)
        phoneMasked = try row.decode(column: "phone_masked", as: String?.self)
        regionCode = try row.decode(column: "region_code", as: String.self)
        address = try row.decode(column: "address", as: String.self)
        status = try row.decode(column: "status", as: String.self)
        statusDate = try row.decode(column: "status_date", as: String?.self)
        enrolledOn = try row.decode(column: "enrolled_on", as: String?.self)
    }

    init(_ row: PlainRow) throws {
        id = try row.uuid("id")
        idMasked = try row.requiredString("id_masked")
        name = try row.requiredString("name")
        sex = try row.requiredString("sex")
        birthDate = try row.requiredString("birth_date")
        phoneMasked = try row.string("phone_masked")
        regionCode = try row.requiredString("region_code")
        address = try row.requiredString("address")
        status = try row.requiredString("status")
        statusDate = try row.string("status_date")
        enrolledOn = try row.string("enrolled_on")
    }

    public init(_ m: ElderModel) {
        id = m.id!
        idMasked = m.idMasked
        name = m.name
        sex = m.sex
        birthDate = m.birthDate
        phoneMasked = m.phoneMasked
        regionCode = m.regionCode
        address = m.address
        status = m.status
        statusDate = m.statusDate
        enrolledOn = m.enrolledOn
    }
}

extension ElderService {
    public func list(_ filter: ElderListFilter, page: ListPage) async throws -> (items: [ElderListItem], total: Int) {
        try requireRead()
        let sql = try scoped.sql
        let elders = ElderModel.schema
        let categories = ElderCategoryModel.schema
        let matching: [any SQLExpression]
        do { matching = try conditions(of: filter) } catch {
            throw AppError(.forbidden, "region_forbidden", field: "region", ["code": error.requested.value])
        }
        // The same SELECT … FROM … WHERE for the count and for the page.
        func select(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = builder.from(elders)
            if filter.joinsCategories {
                q = q.join(categories, on: SQLColumn("elder_id", table: categories), .equal, SQLColumn("id", table: elders))
            }
            for condition in matching { q = q.where(condition) }
            return q
        }
        let count = { () async throws -> Int in
            let row = try await select(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()
            return try row?.decode(column: "n", as: Int.self) ?? 0
        }
        let total =
            if let key = filter.cacheKey {
                try await cached("list|\(actor.region?.value ?? "*")|\(key)|\(today)", compute: count)
            } else {
                try await count()
            }
        // The page's ids first (sorted from the index on id, status, region and name), then
        // only those people's rows, instead of sorting every match's whole row.
        // A category list sorted by region or name sorts on the category row's copies, so the
        // index (category, region, name, person) hands the rows over in order.
        let (sortTable, idColumn) =
            filter.joinsCategories && [.region, .name].contains(filter.sort)
            ? (categories, "elder_id") : (elders, "id")
        let direction: SQLDirection = filter.descending ? .descending : .ascending
        var ids = select(sql.select().column(SQLColumn("id", table: elders)))
            .orderBy(SQLOrderBy(expression: SQLColumn(filter.sort.rawValue, table: sortTable), direction: direction))
        if filter.sort != .name { ids = ids.orderBy(SQLOrderBy(expression: SQLColumn("name", table: sortTable), direction: direction)) }
        let pageIDs = try await ids.orderBy(SQLOrderBy(expression: SQLColumn(idColumn, table: sortTable), direction: direction))
            .limit(page.per).offset(page.offset)
            .all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !pageIDs.isEmpty else { return ([], total) }
        let rows = try await sql.select().columns(ElderListRow.columns.map { SQLColumn($0) }).from(elders)
            .where(SQLColumn("id"), .in, SQLGroupExpression(pageIDs.map { SQLBind($0) }))
            .all().map(ElderListRow.init)
        let byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let items = try await items(for: pageIDs.compactMap { byID[$0] })
        // A page of people (masked) is a read of personal records: who looked, at which list.
        if let region = filter.region ?? scoped.root {
            try await AuditLog.record(
                on: scoped.database, actor: actor, action: "elder.list", recordType: "elder", recordID: nil, region: region,
                detail: filter.auditText + " offset=\(page.offset) rows=\(items.count)")
        }
        return (items, total)
    }

    /// The WHERE conditions of `filter` inside the actor's scope, on `elders` (and the category join).
    private func conditions(of filter: ElderListFilter) throws(OutsideRegionScope) -> [any SQLExpression] {
        let elders = ElderModel.schema
        let categories = ElderCategoryModel.schema
        func column(_ name: String, _ table: String = elders) -> SQLColumn { SQLColumn(name, table: table) }
        var out: [any SQLExpression] = [try scoped.sqlPredicate(column: "region_code", table: elders, within: filter.region)]
        if let name = filter.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty {
            out.append(SQLContains(column("name"), name))
        }
        if let id = filter.citizenID { out.append(SQLBinaryExpression(column("id_hash"), .equal, SQLBind(lookupHash(id)))) }
        if let status = filter.status { out.append(SQLBinaryExpression(column("status"), .equal, SQLBind(status.rawValue))) }
        if let enrolled = filter.enrolled {
            out.append(SQLBinaryExpression(column("enrolled_on"), enrolled ? .isNot : .is, SQLLiteral.null))
        }
        var latestBirth: [String] = []
        if let min = filter.minAge { latestBirth.append(today.latestBirthDate(forAge: min).description) }
        if filter.category == .advancedAge { latestBirth.append(today.latestBirthDate(forAge: ElderCategory.advancedAgeFrom).description) }
        for date in latestBirth { out.append(SQLBinaryExpression(column("birth_date"), .lessThanOrEqual, SQLBind(date))) }
        if let max = filter.maxAge {
            out.append(SQLBinaryExpression(column("birth_date"), .greaterThan, SQLBind(today.latestBirthDate(forAge: max + 1).description)))
        }
        if filter.joinsCategories, let category = filter.category {
            let day = SQLBind(today.description)
            out.append(SQLBinaryExpression(column("category", categories), .equal, SQLBind(category.rawValue)))
            out.append(
                SQLGroupExpression(
                    SQLBinaryExpression(
                        SQLBinaryExpression(column("since", categories), .is, SQLLiteral.null), .or,
                        SQLBinaryExpression(column("since", categories), .lessThanOrEqual, day))))
            out.append(
                SQLGroupExpression(
                    SQLBinaryExpression(
                        SQLBinaryExpression(column("until", categories), .is, SQLLiteral.null), .or,
                        SQLBinaryExpression(column("until", categories), .greaterThanOrEqual, day))))
            // The same region range on the category row lets the index (category, region_code) do the work.
            out.append(try scoped.sqlPredicate(column: "region_code", table: categories, within: filter.region))
        }
        return out
    }

    /// List rows for `models` (a family's people, a person just created).
    public func items(for models: [ElderModel]) async throws -> [ElderListItem] {
        try await items(for: models.map(ElderListRow.init))
    }

    /// List rows for `people`: their categories in force today, 高龄 included, in one query.
    func items(for people: [ElderListRow]) async throws -> [ElderListItem] {
        let categories = try await activeCategories(of: people.map(\.id))
        return people.map { person in
            var set = categories[person.id] ?? []
            if person.birth.age(on: today) >= ElderCategory.advancedAgeFrom { set.insert(.advancedAge) }
            return ElderListItem(person: person, categories: ElderCategory.allCases.filter(set.contains))
        }
    }

    /// Categories in force today for each of `ids`, in one query.
    func activeCategories(of ids: [UUID]) async throws -> [UUID: Set<ElderCategory>] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await scoped.sql.select().columns("elder_id", "category", "since", "until").from(ElderCategoryModel.schema)
            .where(SQLColumn("elder_id"), .in, SQLGroupExpression(ids.map { SQLBind($0) }))
            .all()
        var out: [UUID: Set<ElderCategory>] = [:]
        for row in rows {
            guard let category = ElderCategory(rawValue: try row.decode(column: "category", as: String.self)) else { continue }
            let membership = CategoryMembership(
                category: category,
                since: try row.decode(column: "since", as: String?.self).flatMap(CalendarDate.init),
                until: try row.decode(column: "until", as: String?.self).flatMap(CalendarDate.init), source: "")
            guard membership.isActive(on: today) else { continue }
            out[try row.decode(column: "elder_id", as: UUID.self), default: []].insert(category)
        }
        return out
    }
}
