import Fluent
import Vapor
import YanglaoCore
import YanglaoStore

/// `/admin/audit`: the audit log of the officer's subtree, filterable and paged.
struct AuditPages {
    struct Row: Encodable {
        let at: String
        /// Who acted, by name; the username is the title.
        let actor: String
        let username: String
        let action: String
        /// The raw action code, the title of its label.
        let actionCode: String
        /// What was touched, in words (the kind, and the person's or account's name where known).
        let record: String
        /// The record's type and id, the title of its words.
        let recordKey: String
        /// A person's record links to it.
        let recordHref: String
        let regionCode: String
        let regionName: String
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
        let names = try await AuditNames.load(for: result.items, on: req.db)
        let rows = result.items.map { entry in
            let person = entry.recordType == "elder" ? entry.recordID.flatMap { names.people[$0] } : nil
            let account = entry.recordType == "user" ? entry.recordID.flatMap { names.accountsByID[$0] } : nil
            return Row(
                at: formatter.string(from: entry.at), actor: names.actor(entry.actorUsername, req: req), username: entry.actorUsername,
                action: Self.label(req, "audit_action_" + entry.action.replacingOccurrences(of: ".", with: "_"), or: entry.action),
                actionCode: entry.action,
                record: [Self.label(req, "audit_record_\(entry.recordType)", or: entry.recordType), person ?? account ?? ""]
                    .filter { !$0.isEmpty }.joined(separator: " "),
                recordKey: [entry.recordType, entry.recordID ?? ""].filter { !$0.isEmpty }.joined(separator: " "),
                recordHref: person != nil ? "/elders/\(entry.recordID ?? "")" : "",
                regionCode: entry.regionCode, regionName: names.regions[entry.regionCode] ?? entry.regionCode, detail: entry.detail ?? "",
                address: entry.address ?? "")
        }
        let base = ["action": q.action ?? "", "actor": q.actor ?? "", "since": q.since ?? "", "until": q.until ?? ""]
        let body = Body(
            rows: rows, action: q.action ?? "", actor: q.actor ?? "", since: q.since ?? "", until: q.until ?? "",
            pager: Pages.Pager(request: page, total: result.total, baseQuery: base, path: "/admin/audit", req: req))
        return try await Pages.render("audit/audit", title: req.t("nav_audit"), body, for: req)
    }
}

extension AuditPages {
    /// The catalogue's words for `key`, or `fallback` where it has none (an action added later).
    static func label(_ req: Request, _ key: String, or fallback: String) -> String {
        let text = req.t(key)
        return text == key ? fallback : text
    }
}

/// The names an audit page shows instead of usernames, ids and codes, read once per page.
struct AuditNames {
    var accounts: [String: String] = [:]
    var accountsByID: [String: String] = [:]
    var people: [String: String] = [:]
    var regions: [String: String] = [:]

    static func load(for entries: [AuditEntryModel], on db: any Database) async throws -> AuditNames {
        var names = AuditNames()
        names.accounts = try await ActorLabel.names(entries.map(\.actorUsername), on: db)
        let userIDs = Set(entries.filter { $0.recordType == "user" }.compactMap { $0.recordID.flatMap(UUID.init(uuidString:)) })
        if !userIDs.isEmpty {
            for user in try await UserModel.query(on: db).filter(\.$id ~~ userIDs).all() {
                names.accountsByID[user.id!.uuidString] = "\(user.displayName)（\(user.username)）"
            }
        }
        let personIDs = Set(entries.filter { $0.recordType == "elder" }.compactMap { $0.recordID.flatMap(UUID.init(uuidString:)) })
        if !personIDs.isEmpty {
            for person in try await ElderModel.query(on: db).filter(\.$id ~~ personIDs).field(\.$id).field(\.$name).all() {
                names.people[person.id!.uuidString] = person.name
            }
        }
        names.regions = try await RegionNames.of(entries.map(\.regionCode), on: db)
        return names
    }

    func actor(_ username: String, req: Request) -> String { ActorLabel.text(username, names: accounts, req: req) }
}
