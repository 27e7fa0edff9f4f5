import Fluent
import Foundation
import YanglaoCore

/// The fields of a draft list.
public struct ServiceListDraft: Sendable {
    public var version: String
    public var validFrom: String
    public var validTo: String?
    public var items: [ServiceListItem]
    public var note: String

    public init(version: String, validFrom: String, validTo: String? = nil, items: [ServiceListItem], note: String = "") {
        self.version = version
        self.validFrom = validFrom
        self.validTo = validTo
        self.items = items
        self.note = note
    }
}

/// The published 基本养老服务清单: public (anyone may read the list in force for a place, the
/// published pages need no sign-in), so it reads the database alone, not through a context.
public struct PublishedServiceLists: Sendable {
    public let db: any Database
    public let today: CalendarDate

    public init(database: any Database, today: CalendarDate = .today()) {
        self.db = database
        self.today = today
    }

    /// The list in force for `region` on `day`: its own, or the nearest level above's.
    public func inForce(for region: RegionCode, on day: CalendarDate? = nil) async throws -> ServiceListModel? {
        let day = day ?? today
        for code in region.lineage.reversed() {
            if let list = try await lists(of: code).first(where: { $0.isInForce(on: day) }) { return list }
        }
        return nil
    }

    func lists(of region: RegionCode, on database: (any Database)? = nil) async throws -> [ServiceListModel] {
        try await ServiceListModel.query(on: database ?? db).filter(\.$regionCode == region.value)
            .filter(\.$status == ServiceListModel.Status.published.rawValue).sort(\.$validFrom, .descending).all()
    }

    /// Every published list in force today, for the public index page.
    public func allInForce() async throws -> [ServiceListModel] {
        try await ServiceListModel.query(on: db).filter(\.$status == ServiceListModel.Status.published.rawValue)
            .sort(\.$regionCode).all().filter { $0.isInForce(on: today) }
    }

    public func published(_ id: UUID) async throws -> ServiceListModel {
        guard let list = try await ServiceListModel.find(id, on: db), list.statusValue == .published else {
            throw AppError(.notFound, "service_list_not_found")
        }
        return list
    }
}

/// Drafting and publishing 基本养老服务清单: the city and county officers of the region. A list
/// may not drop or lower an item of the list in force above it.
public struct ServiceListService: Sendable {
    public let context: StoreContext
    var db: any Database { context.database }
    var actor: Actor? { context.actor }
    public var today: CalendarDate { context.today }
    /// What is published, read the way the public reads it.
    public var published: PublishedServiceLists { PublishedServiceLists(database: db, today: today) }

    public init(_ context: StoreContext) {
        self.context = context
    }

    // MARK: Managing (officers)

    /// Every version of the lists of `region` (the actor's own by default) and of the regions below it.
    public func versions(under region: RegionCode? = nil) async throws -> [ServiceListModel] {
        let actor = try requireManager()
        let root = region ?? actor.region
        if let root, let mine = actor.region, !mine.contains(root) {
            throw AppError(.forbidden, "region_forbidden", field: "region", ["code": root.value])
        }
        let query = try ScopedDatabase(database: db, root: root).query(ServiceListModel.self)
        return try await query.sort(\.$regionCode).sort(\.$validFrom, .descending).sort(\.$createdAt, .descending).all()
    }

    /// A list the actor manages (any status).
    public func managed(_ id: UUID) async throws -> ServiceListModel {
        let actor = try requireManager()
        guard let list = try await ServiceListModel.find(id, on: db), actor.region.map({ $0.contains(list.region) }) ?? true else {
            throw AppError(.notFound, "service_list_not_found")
        }
        return list
    }

    public func create(for region: RegionCode, _ draft: ServiceListDraft) async throws -> ServiceListModel {
        let actor = try requireManager()
        try requireManageable(region, by: actor)
        guard try await RegionModel.find(region.value, on: db) != nil else {
            throw AppError(.invalidInput, "region_unknown", field: "regionCode", ["code": region.value])
        }
        let list = ServiceListModel()
        list.regionCode = region.value
        list.status = ServiceListModel.Status.draft.rawValue
        list.createdBy = actor.username
        try apply(draft, to: list)
        try await list.create(on: db)
        try await AuditLog.record(
            on: db, actor: actor, action: "service_list.create", recordType: "service_list",
            recordID: list.id?.uuidString, region: region, detail: list.version)
        return list
    }

    /// A new draft for `region` that starts from the list in force for it (its own, or the level above's).
    public func draftFromInForce(for region: RegionCode, version: String, validFrom: String) async throws -> ServiceListModel {
        let base = try await published.inForce(for: region)
        return try await create(
            for: region, ServiceListDraft(version: version, validFrom: validFrom, items: base?.items ?? [], note: base?.note ?? ""))
    }

    public func update(_ id: UUID, _ draft: ServiceListDraft) async throws -> ServiceListModel {
        let list = try await managed(id)
        guard list.statusValue == .draft else { throw AppError(.conflict, "service_list_published") }
        try apply(draft, to: list)
        try await list.update(on: db)
        return list
    }

    /// Publishes a draft: checked on its own and against the list in force above it on its
    /// first day. An earlier version of the same region ends the day before.
    public func publish(_ id: UUID) async throws -> ServiceListModel {
        let actor = try requireManager()
        let list = try await managed(id)
        guard list.statusValue == .draft else { throw AppError(.conflict, "service_list_published") }
        let items = list.items
        var problems = ServiceListRules.problems(items)
        let start = CalendarDate(list.validFrom)!
        if let parent = list.region.parent, let above = try await published.inForce(for: parent, on: start) {
            problems += ServiceListRules.problems(items, against: above.items, in: list.region)
        }
        // A list in force from today on states what the schemes pay now; a later one is checked
        // when the schemes are set for it (the schemes carry no dates of their own).
        if start <= today {
            let schemes = try await SubsidyConfiguration(context).schemes(for: list.region)
            problems += ListedAmounts.problems(list: items, schemes: schemes, publishing: .list)
        }
        if try await published.lists(of: list.region).contains(where: { $0.validFrom >= list.validFrom }) {
            problems.append(AppError(.invalidInput, "service_list_not_latest", field: "validFrom", ["value": list.validFrom]))
        }
        guard problems.isEmpty else { throw AppError(invalid: problems) }
        try await db.transaction { db in
            for earlier in try await published.lists(of: list.region, on: db)
            where earlier.validFrom < list.validFrom
                && (earlier.validTo ?? "9999-12-31") >= list.validFrom
            {
                earlier.validTo = start.addingDays(-1).description
                try await earlier.update(on: db)
            }
            list.status = ServiceListModel.Status.published.rawValue
            list.publishedBy = actor.username
            list.publishedAt = Date()
            try await list.update(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "service_list.publish", recordType: "service_list",
                recordID: id.uuidString, region: list.region, detail: "\(list.version) \(list.validFrom)")
        }
        return list
    }

    /// Lists of the levels below `list`'s region, in force on its first day, that it would
    /// leave lower than itself (a city raising a standard): each with what is wrong.
    public func listsBelow(_ list: ServiceListModel) async throws -> [(list: ServiceListModel, problems: [AppError])] {
        guard let start = CalendarDate(list.validFrom) else { return [] }
        let below = try await ScopedDatabase(database: db, root: list.region).query(ServiceListModel.self)
            .filter(\.$regionCode != list.regionCode).filter(\.$status == ServiceListModel.Status.published.rawValue).all()
            .filter { $0.isInForce(on: start) && $0.region.parent == list.region }
        return below.compactMap { lower in
            let problems = ServiceListRules.problems(lower.items, against: list.items, in: lower.region)
            return problems.isEmpty ? nil : (lower, problems)
        }
    }

    // MARK: Rules

    func requireManager() throws -> Actor {
        guard let actor, actor.role.canManageServiceList else { throw AppError(.forbidden, "service_list_forbidden") }
        return actor
    }

    func requireManageable(_ region: RegionCode, by actor: Actor) throws {
        if let mine = actor.region, !mine.contains(region) {
            throw AppError(.forbidden, "region_forbidden", field: "regionCode", ["code": region.value])
        }
        guard [.province, .city, .county].contains(region.level) else {
            throw AppError(.invalidInput, "service_list_level", field: "regionCode", ["code": region.value])
        }
    }

    func apply(_ draft: ServiceListDraft, to list: ServiceListModel) throws {
        var problems: [AppError] = []
        let version = draft.version.trimmingCharacters(in: .whitespaces)
        if version.isEmpty || version.count > 40 { problems.append(AppError(.invalidInput, "required", field: "version")) }
        let from = CalendarDate(draft.validFrom)
        if from == nil { problems.append(AppError(.invalidInput, "date_invalid", field: "validFrom", ["value": draft.validFrom])) }
        var to: CalendarDate?
        if let text = draft.validTo, !text.isEmpty {
            to = CalendarDate(text)
            if to == nil {
                problems.append(AppError(.invalidInput, "date_invalid", field: "validTo", ["value": text]))
            } else if let from, let to, to < from {
                problems.append(AppError(.invalidInput, "service_list_dates", field: "validTo", ["from": from.description, "to": to.description]))
            }
        }
        guard problems.isEmpty, let from else { throw AppError(invalid: problems) }
        list.version = version
        list.validFrom = from.description
        list.validTo = to?.description
        list.items = draft.items
        list.note = String(draft.note.prefix(200))
    }
}
