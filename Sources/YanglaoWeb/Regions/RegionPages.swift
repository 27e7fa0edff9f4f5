import Vapor
import YanglaoCore
import YanglaoStore

/// The region browser: `/` and `/regions/{code}`.
struct RegionPages {
    struct Child: Encodable {
        let code: String
        let name: String
        let kind: String
        let descendants: Int
        let accounts: Int
    }

    struct Stat: Encodable {
        let label: String
        let value: Int
    }

    struct Body: Encodable {
        let code: String
        let name: String
        let levelLabel: String
        let kindLabel: String
        let breadcrumb: [RegionDTO]
        let stats: [Stat]
        let children: [Child]
        let childHeading: String
        let search: String
        let results: [RegionDTO]?
        let pager: Pages.Pager?
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("regions", ":code", use: show)
    }

    func show(req: Request) async throws -> Response {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let scoped = try req.scoped
        let summary = try await scoped.regionSummary(code)
        let search = ((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces)
        var results: [RegionDTO]?
        var pager: Pages.Pager?
        if !search.isEmpty {
            let page = try req.pageRequest()
            let found = try await scoped.descendants(of: code, level: nil, nameContains: search, page: page)
            results = found.items.map(RegionDTO.init)
            pager = Pages.Pager(request: page, total: found.total, baseQuery: ["q": search], path: req.url.path, req: req)
        }
        var stats: [Stat] = RegionLevel.allCases.filter { $0 > code.level }.map {
            Stat(label: req.t("count_\($0.rawValue)"), value: summary.descendantCounts[$0] ?? 0)
        }
        stats.append(Stat(label: req.t("count_accounts"), value: summary.accountCount))
        let detail = RegionDetailDTO(summary)
        let body = Body(
            code: code.value, name: summary.region.name,
            levelLabel: req.t("level_\(code.level.rawValue)"), kindLabel: req.t("kind_\(code.kind.rawValue)"),
            breadcrumb: detail.lineage, stats: stats,
            children: detail.children.map {
                Child(
                    code: $0.code, name: $0.name, kind: req.t("kind_\($0.kind)"),
                    descendants: $0.descendantCount, accounts: $0.accountCount)
            },
            childHeading: code.level.child.map { req.t("children_\($0.rawValue)") } ?? "",
            search: search, results: results, pager: pager)
        return try await Pages.render("regions/region", title: summary.region.name, body, for: req)
    }
}
