import Vapor
import YanglaoCore
import YanglaoStore

/// `/admin/audit`: the audit log of the officer's subtree, filterable and paged.
struct AuditPages {
    struct Row: Encodable {
        let at: String
        let actor: String
        let action: String
        let record: String
        let regionCode: String
        let detail: String
        let address: String
    }

    struct Body: Encodable {
        let rows: [Row]
        let action: String
        let actor: String
        let since: String
        let until: String
        let pager: Pages.Pager
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("admin", "audit", use: list)
    }

    func list(req: Request) async throws -> Response {
        let filter = try AuditAPI.filter(from: req)
        let page = try req.pageRequest()
        let result = try await req.scoped.auditEntries(filter, page: page)
        let q = try req.query.decode(AuditAPI.Query.self)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        let rows = result.items.map {
            Row(
                at: formatter.string(from: $0.at), actor: $0.actorUsername, action: $0.action,
                record: [$0.recordType, $0.recordID].compactMap { $0 }.joined(separator: " "),
                regionCode: $0.regionCode, detail: $0.detail ?? "", address: $0.address ?? "")
        }
        let base = ["action": q.action ?? "", "actor": q.actor ?? "", "since": q.since ?? "", "until": q.until ?? ""]
        let body = Body(
            rows: rows, action: q.action ?? "", actor: q.actor ?? "", since: q.since ?? "", until: q.until ?? "",
            pager: Pages.Pager(request: page, total: result.total, baseQuery: base, path: "/admin/audit", req: req))
        return try await Pages.render("audit/audit", title: req.t("nav_audit"), body, for: req)
    }
}
