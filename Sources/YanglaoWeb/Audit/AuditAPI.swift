import Vapor
import YanglaoCore
import YanglaoStore

struct AuditEntryDTO: Content {
    let id: UUID
    let at: Date
    let actorUsername: String
    let action: String
    let recordType: String
    let recordID: String?
    let regionCode: String
    let detail: String?
    let address: String?

    init(_ e: AuditEntryModel) {
        id = e.id ?? UUID()
        at = e.at
        actorUsername = e.actorUsername
        action = e.action
        recordType = e.recordType
        recordID = e.recordID
        regionCode = e.regionCode
        detail = e.detail
        address = e.address
    }
}

/// `GET /api/v1/audit`: the audit log of the caller's subtree.
struct AuditAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit", use: list)
    }

    struct Query: Decodable {
        let action: String?
        let actor: String?
        let recordType: String?
        let region: String?
        let since: String?
        let until: String?
    }

    /// Accepts `2026-11-24` or a full ISO 8601 time.
    static func date(_ text: String?, field: String, endOfDay: Bool) throws -> Date? {
        guard let text, !text.isEmpty else { return nil }
        if let d = try? Date(text, strategy: .iso8601) { return d }
        if let d = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return endOfDay ? d.addingTimeInterval(86_399) : d }
        throw AppError(.invalidInput, "date_invalid", field: field, ["field": field])
    }

    static func filter(from req: Request) throws -> ScopedDatabase.AuditFilter {
        guard try req.currentUser.user.roleValue.canReadAudit else { throw AppError(.forbidden, "audit_forbidden") }
        let q = try req.query.decode(Query.self)
        var filter = ScopedDatabase.AuditFilter()
        filter.action = q.action
        filter.actorUsername = q.actor
        filter.recordType = q.recordType
        if let r = q.region, !r.isEmpty { filter.region = try req.regionCode("region", from: r) }
        filter.since = try date(q.since, field: "since", endOfDay: false)
        filter.until = try date(q.until, field: "until", endOfDay: true)
        return filter
    }

    func list(req: Request) async throws -> Page<AuditEntryDTO> {
        let filter = try Self.filter(from: req)
        let page = try req.pageRequest()
        let result = try await req.scoped.auditEntries(filter, page: page)
        return Page(items: result.items.map(AuditEntryDTO.init), request: page, total: result.total)
    }
}
