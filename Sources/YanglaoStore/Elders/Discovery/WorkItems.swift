import Fluent
import Foundation
import YanglaoCore

/// The work-item queue of a region and the list of unmatched feed records.
extension DiscoveryService {
    public struct WorkItemFilter: Sendable {
        public var region: RegionCode?
        public var status: WorkItemModel.Status? = .open
        public var kind: WorkItemKind?
        public init() {}
    }

    public func workItems(_ filter: WorkItemFilter, page: ListPage) async throws -> (items: [(item: WorkItemModel, elder: ElderModel)], total: Int) {
        try elders.requireRead()
        var q: QueryBuilder<WorkItemModel>
        do { q = try elders.scoped.query(WorkItemModel.self, within: filter.region) } catch {
            throw AppError(.forbidden, "region_forbidden", field: "region", ["code": error.requested.value])
        }
        if let status = filter.status { q = q.filter(\.$status == status.rawValue) }
        if let kind = filter.kind { q = q.filter(\.$kind == kind.rawValue) }
        let total = try await q.count()
        let rows = try await q.with(\.$elder).sort(\.$createdAt, .descending).sort(\.$id).range(page.offset..<(page.offset + page.per)).all()
        return (rows.map { ($0, $0.elder) }, total)
    }

    /// Marks a work item done or dismissed, with a note; reopening is not a thing.
    public func resolve(_ id: UUID, as status: WorkItemModel.Status, note: String?) async throws -> WorkItemModel {
        try elders.requireEdit()
        guard status != .open else { throw AppError(.invalidInput, "status_invalid", field: "status", ["value": status.rawValue]) }
        guard let item = try await elders.scoped.find(WorkItemModel.self, id: id) else { throw AppError(.notFound, "work_item_not_found") }
        guard item.status == WorkItemModel.Status.open.rawValue else {
            throw AppError(.conflict, "work_item_closed", field: "status", ["status": item.status])
        }
        item.status = status.rawValue
        item.note = note.map { String($0.trimmingCharacters(in: .whitespaces).prefix(500)) }
        item.resolvedBy = elders.actor.username
        item.resolvedAt = Date()
        let actor = elders.actor
        try await db.transaction { db in
            try await item.update(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "work_item.\(status.rawValue)", recordType: "work_item",
                recordID: id.uuidString, region: RegionCode(validated: item.regionCode), detail: item.kind)
        }
        return item
    }

    /// Records nobody in the register matched, newest first (city-wide roles only).
    public func unmatched(page: ListPage) async throws -> (items: [FeedRecordModel], total: Int) {
        guard elders.actor.role.canReceiveFeeds else { throw AppError(.forbidden, "feeds_forbidden") }
        let q = FeedRecordModel.query(on: db).filter(\.$elderID == nil)
        let total = try await q.count()
        let items = try await q.sort(\.$receivedAt, .descending).sort(\.$id).range(page.offset..<(page.offset + page.per)).all()
        return (items, total)
    }

    // MARK: Daily run bookkeeping

    static let lastRunSetting = "discovery_last_run"

    /// Runs the age discovery from the day after the last run (or from yesterday) to today, and remembers today.
    public func runDaily() async throws -> (since: CalendarDate, raised: Int) {
        let stored = try await PlatformSettings.value(Self.lastRunSetting, on: db)
        let last = stored.flatMap(CalendarDate.init) ?? elders.today.addingDays(-1)
        let raised = try await discoverMilestones(since: last)
        try await PlatformSettings.set(Self.lastRunSetting, to: elders.today.description, on: db)
        return (last, raised)
    }
}
