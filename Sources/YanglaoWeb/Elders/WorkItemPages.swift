import Vapor
import YanglaoCore
import YanglaoStore

/// The work-item queue of the officer's region: `/work-items`.
struct WorkItemPages {
    struct Row: Encodable {
        let id: String, kind: String, detail: String, applied: String, elderID: String, elderName: String
        let regionCode: String, regionName: String, created: String, status: String, isOpen: Bool, closedBy: String
    }

    struct Body: Encodable {
        let rows: [Row]
        let canEdit: Bool
        let statuses: [Pages.Option]
        let kinds: [Pages.Option]
        let pager: Pages.Pager
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("work-items", use: list)
        routes.post("work-items", ":id", use: resolve)
    }

    func list(req: Request) async throws -> Response {
        let service = DiscoveryService(try req.context)
        try req.elders.requireRead()
        struct Q: Decodable {
            let status: String?
            let kind: String?
        }
        let q = try req.query.decode(Q.self)
        var filter = DiscoveryService.WorkItemFilter()
        filter.status = q.status == "all" ? nil : (q.status.flatMap(WorkItemModel.Status.init(rawValue:)) ?? .open)
        filter.kind = q.kind.flatMap(WorkItemKind.init(rawValue:))
        let page = try req.pageRequest()
        let result = try await service.workItems(filter, page: page)
        let villages = try await RegionNames.of(result.items.map(\.0.regionCode), on: req.db)
        let body = Body(
            rows: result.items.map { item, elder in
                Row(
                    id: item.id!.uuidString, kind: req.t("work_\(item.kind)"), detail: item.detail,
                    applied: item.applied.isEmpty ? "" : req.t("work_applied", ["what": item.applied]),
                    elderID: elder.id!.uuidString, elderName: elder.name, regionCode: item.regionCode,
                    regionName: villages[item.regionCode] ?? item.regionCode,
                    created: item.createdAt.map { CalendarDate($0).description } ?? "",
                    status: req.t("work_status_\(item.status)"), isOpen: item.status == "open",
                    closedBy: [item.resolvedBy, item.note].compactMap { $0 }.joined(separator: " · "))
            },
            canEdit: service.context.actor.role.canEditRegister,
            statuses: ([("open", "work_status_open"), ("done", "work_status_done"), ("dismissed", "work_status_dismissed"), ("all", "all_statuses")])
                .map {
                    Pages.Option(value: $0.0, label: req.t($0.1), selected: (q.status ?? "open") == $0.0)
                },
            kinds: [Pages.Option(value: "", label: req.t("all_kinds"), selected: filter.kind == nil)]
                + WorkItemKind.allCases.map { Pages.Option(value: $0.rawValue, label: req.t("work_\($0.rawValue)"), selected: filter.kind == $0) },
            pager: Pages.Pager(
                request: page, total: result.total, baseQuery: ["status": q.status ?? "", "kind": q.kind ?? ""], path: "/work-items", req: req))
        return try await Pages.render("register/work-items", title: req.t("nav_work_items"), body, for: req)
    }

    func resolve(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "work_item_not_found") }
        struct Form: Decodable {
            let status: String?
            let note: String?
        }
        let form = try req.content.decode(Form.self)
        guard let status = form.status.flatMap(WorkItemModel.Status.init(rawValue:)) else {
            throw AppError(.invalidInput, "status_invalid", field: "status", ["value": form.status ?? ""])
        }
        do {
            _ = try await DiscoveryService(try req.context).resolve(id, as: status, note: form.note)
            Pages.flash(req, "flash_work_item_closed")
        } catch let error as AppError where error.kind == .conflict {
            Pages.flash(req, "error.\(error.code)", error.arguments, error: true)
        }
        return req.redirect(to: "/work-items")
    }
}
