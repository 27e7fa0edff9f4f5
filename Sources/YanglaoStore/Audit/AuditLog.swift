import Fluent
import Foundation
import YanglaoCore

/// Writes audit entries. Every change goes through here, in the same transaction as the change.
public enum AuditLog {
    public static func record(
        on db: any Database, actor: Actor, action: String, recordType: String, recordID: String?,
        region: RegionCode, detail: String? = nil
    ) async throws {
        let entry = AuditEntryModel()
        entry.at = Date()
        entry.actorID = actor.userID
        entry.actorUsername = actor.username
        entry.action = action
        entry.recordType = recordType
        entry.recordID = recordID
        entry.regionCode = region.value
        entry.detail = detail.map { String($0.prefix(2000)) }
        entry.address = actor.address
        try await entry.create(on: db)
    }
}

extension ScopedDatabase {
    public struct AuditFilter: Sendable {
        public var action: String?
        public var actorUsername: String?
        public var recordType: String?
        public var region: RegionCode?
        public var since: Date?
        public var until: Date?
        public init() {}
    }

    /// Audit entries about records in the scope, newest first.
    public func auditEntries(_ filter: AuditFilter, page: ListPage) async throws -> (items: [AuditEntryModel], total: Int) {
        var q = try query(AuditEntryModel.self, within: filter.region)
        if let a = filter.action, !a.isEmpty { q = q.filter(\.$action == a) }
        if let u = filter.actorUsername, !u.isEmpty { q = q.filter(\.$actorUsername == u) }
        if let t = filter.recordType, !t.isEmpty { q = q.filter(\.$recordType == t) }
        if let s = filter.since { q = q.filter(\.$at >= s) }
        if let u = filter.until { q = q.filter(\.$at <= u) }
        let total = try await q.count()
        let items = try await q.sort(\.$at, .descending).range(page.offset..<(page.offset + page.per)).all()
        return (items, total)
    }
}
