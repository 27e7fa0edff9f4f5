import Fluent
import Vapor
import YanglaoCore
import YanglaoStore

/// The region browser: `/` and `/regions/{code}`; for a system administrator also the
/// region's changes (rename, add below, 撤并 into a sibling).
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
        let manage: Manage?
        let retired: Retired?
        let population: [PopulationRow]
        let canEnterPopulation: Bool
    }

    struct PopulationRow: Encodable {
        let heading: String
        let residents: Int
        let aged60: Int
        let aged65: String
        let aged80: String
        let share60: String
    }

    /// The change forms of a system administrator.
    struct Manage: Encodable {
        let canAdd: Bool
        let canRetire: Bool
        let siblings: [RegionDTO]
    }

    struct Retired: Encodable {
        let notice: String
        let successorCode: String
        let successorName: String
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("regions", ":code", use: show)
        routes.post("regions", ":code", "rename", use: rename)
        routes.post("regions", ":code", "children", use: addChild)
        routes.post("regions", ":code", "retire", use: retire)
        routes.post("regions", ":code", "population", use: setPopulation)
    }

    func setPopulation(req: Request) async throws -> Response {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let form = try req.content.decode([String: String].self)
        let saved = try await Pages.attempt(req) {
            func number(_ field: String) throws -> Int? {
                let text = (form[field] ?? "").trimmingCharacters(in: .whitespaces)
                if text.isEmpty { return nil }
                guard let value = Int(text) else { throw AppError(.invalidInput, "population_count_invalid", field: field) }
                return value
            }
            let figures = PopulationFigures(
                year: try number("year") ?? 0, residents: try number("residents") ?? 0, aged60: try number("aged60") ?? -1,
                aged65: try number("aged65"), aged80: try number("aged80"), source: form["source"] ?? "")
            return try await PopulationService(try req.context).set(code, figures)
        }
        if saved != nil { Pages.flash(req, "flash_population_saved") }
        return req.redirect(to: "/regions/\(code.value)")
    }

    func rename(req: Request) async throws -> Response {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let form = try req.content.decode([String: String].self)
        if try await Pages.attempt(req, { try await RegionChanges(try req.context).rename(code, to: form["name"] ?? "") }) != nil {
            Pages.flash(req, "flash_region_renamed")
        }
        return req.redirect(to: "/regions/\(code.value)")
    }

    func addChild(req: Request) async throws -> Response {
        let parent = try req.regionCode("code", from: req.parameters.get("code"))
        let form = try req.content.decode([String: String].self)
        let added = try await Pages.attempt(req) {
            let code = try req.regionCode("newCode", from: RegionFile.code(form["newCode"] ?? "")?.value ?? form["newCode"])
            guard code.parent == parent else { throw AppError(.invalidInput, "region_parent_mismatch", field: "newCode", ["value": parent.value]) }
            return try await RegionChanges(try req.context).add(code: code, name: form["name"] ?? "", urbanRural: form["urbanRural"])
        }
        guard let added else { return req.redirect(to: "/regions/\(parent.value)") }
        Pages.flash(req, "flash_region_added")
        return req.redirect(to: "/regions/\(added.id!)")
    }

    func retire(req: Request) async throws -> Response {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let form = try req.content.decode([String: String].self)
        let done = try await Pages.attempt(req) {
            guard form["confirm"] == "yes" else { throw AppError(.invalidInput, "confirm_required", field: "confirm") }
            let successor = try req.regionCode("successor", from: form["successor"])
            return try await RegionChanges(try req.context).retire(code, into: successor)
        }
        if done != nil { Pages.flash(req, "flash_region_retired") }
        return req.redirect(to: "/regions/\(code.value)")
    }

    /// What an administrator may change here: nothing on a retired region or above the county.
    func manage(_ summary: RegionSummary, req: Request) async throws -> Manage? {
        guard try req.actor.role.canManageRegions, !summary.region.isRetired else { return nil }
        let code = summary.region.code
        var siblings: [RegionDTO] = []
        if code.level > .city, let parent = code.parent {
            siblings = try await RegionModel.query(on: req.db).filter(\.$parentCode == parent.value).filter(\.$retiredOn == nil)
                .filter(\.$id != code.value).sort(\.$id).all().map(RegionDTO.init)
        }
        return Manage(canAdd: code.level.child != nil && code.level < .village, canRetire: code.level > .city, siblings: siblings)
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
            search: search, results: results, pager: pager, manage: try await manage(summary, req: req),
            retired: try await retired(summary.region, req: req),
            population: try await PopulationService(try req.context).history(of: code).map { f in
                PopulationRow(
                    heading: req.t("population_year_source", ["year": String(f.year), "source": f.source]), residents: f.residents,
                    aged60: f.aged60, aged65: f.aged65.map(String.init) ?? "—", aged80: f.aged80.map(String.init) ?? "—",
                    share60: String(format: "%.2f%%", f.share60 * 100))
            },
            canEnterPopulation: [.systemAdmin, .cityOfficer, .countyOfficer].contains(try req.actor.role) && !summary.region.isRetired)
        return try await Pages.render("regions/region", title: summary.region.name, body, for: req)
    }

    func retired(_ region: RegionModel, req: Request) async throws -> Retired? {
        guard let on = region.retiredOn, let successor = region.successorCode else { return nil }
        let name = try await RegionModel.find(successor, on: req.db)?.name ?? successor
        return Retired(notice: req.t("region_retired_notice", ["date": on]), successorCode: successor, successorName: name)
    }
}
