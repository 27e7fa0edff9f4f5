import Fluent
import Vapor
import YanglaoCore
import YanglaoStore

/// `/cockpit/{code}/targets`: 任务清单 — a region's targets for a year and those of the
/// regions below, with progress read live or reported with evidence, late and at-risk
/// targets marked, and the regions below summed.
struct TargetPages {
    struct Row: Encodable {
        let id: String
        let region: String
        let title: String
        let source: String
        let target: String
        let current: String
        let progress: String
        let state: String
        let stateClass: String
        let deadline: String
        let responsible: String
        let evidence: String
        let canReport: Bool
        let canDelete: Bool
    }

    struct RollupRow: Encodable {
        let title: String
        let regions: Int
        let met: Int
        let target: String
        let current: String
    }

    struct Body: Encodable {
        let code: String
        let name: String
        let year: Int
        let years: [Pages.Option]
        let rows: [Row]
        let rollup: [RollupRow]
        let canManage: Bool
        let figures: [Pages.Option]
        let units: [Pages.Option]
        let defaultDeadline: String
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("cockpit", ":code", "targets", use: page)
        routes.post("cockpit", ":code", "targets", use: create)
        routes.post("cockpit", ":code", "targets", ":target", "report", use: report)
        routes.post("cockpit", ":code", "targets", ":target", "delete", use: delete)
    }

    static func year(_ req: Request, today: CalendarDate) throws -> Int {
        guard let text = req.query[String.self, at: "year"], !text.isEmpty else { return today.year }
        guard let year = Int(text), (2000...2100).contains(year) else {
            throw AppError(.invalidInput, "out_of_range", field: "year", ["minimum": "2000", "maximum": "2100"])
        }
        return year
    }

    static func number(_ value: Double?, unit: String) -> String {
        guard let value else { return "—" }
        let text = value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
        return unit == FigureUnit.share.rawValue ? text + "%" : text
    }

    func page(req: Request) async throws -> Response {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let context = try req.context
        let year = try Self.year(req, today: context.today)
        let readings = try await TargetService(context).list(code, year: year)
        guard let region = try await RegionModel.find(code.value, on: req.db) else {
            throw AppError(.notFound, "region_not_found", ["code": code.value])
        }
        var names = try await RegionNames.of(readings.map(\.target.regionCode), on: req.db)
        names[code.value] = region.name
        let canManage = [.systemAdmin, .cityOfficer, .countyOfficer, .townshipOfficer].contains(context.actor.role)
        let figures = (context.node.figureSources ?? []).flatMap(\.figures).filter {
            $0.higherIsBetter == true || $0.partOf == nil && $0.higherIsBetter == nil
        }
        let view = CockpitView.labeler(req)
        let body = Body(
            code: code.value, name: region.name, year: year,
            years: (context.today.year - 4...context.today.year + 5).map { Pages.Option(value: String($0), label: String($0), selected: $0 == year) },
            rows: readings.map { r in
                let t = r.target
                return Row(
                    id: t.id!.uuidString, region: names[t.regionCode] ?? t.regionCode, title: t.title,
                    source: r.live ? req.t("target_live", ["figure": r.figure.map(view) ?? (t.figure ?? "")]) : req.t("target_by_hand"),
                    target: Self.number(t.targetValue, unit: t.unit), current: Self.number(r.current, unit: t.unit),
                    progress: r.fraction.map { String(format: "%.0f%%", min($0, 9.99) * 100) } ?? "—",
                    state: req.t("target_state_\(r.state.rawValue)"), stateClass: r.state.rawValue, deadline: t.deadline,
                    responsible: t.responsibleUnit,
                    evidence: t.evidence.map { "\($0)（\(t.reportedBy ?? "")）" } ?? "",
                    canReport: canManage && !r.live, canDelete: canManage)
            },
            rollup: TargetRollup.of(readings, below: code).map {
                RollupRow(
                    title: $0.title, regions: $0.regions, met: $0.met, target: Self.number($0.target, unit: $0.unit),
                    current: Self.number($0.current, unit: $0.unit))
            },
            canManage: canManage,
            figures: [Pages.Option(value: "", label: req.t("target_figure_by_hand"), selected: true)]
                + figures.map { Pages.Option(value: $0.key, label: view($0), selected: false) },
            units: TargetService.handUnits.map { Pages.Option(value: $0, label: req.t("target_unit_\($0)"), selected: $0 == "items") },
            defaultDeadline: "\(year)-12-31")
        return try await Pages.render(
            "cockpit/targets", title: req.t("targets_title", ["region": region.name, "year": String(year)]), body, for: req)
    }

    func back(_ req: Request, _ code: RegionCode, _ form: [String: String]) -> Response {
        req.redirect(to: Pages.link("/cockpit/\(code.value)/targets", ["year": form["year"] ?? ""]))
    }

    func create(req: Request) async throws -> Response {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let form = try req.content.decode([String: String].self)
        let done = try await Pages.attempt(req) {
            guard let value = Double((form["targetValue"] ?? "").trimmingCharacters(in: .whitespaces)) else {
                throw AppError(.invalidInput, "target_value", field: "targetValue")
            }
            let input = TargetInput(
                year: Int(form["year"] ?? "") ?? 0, title: form["title"] ?? "", figure: form["figure"], unit: form["unit"], targetValue: value,
                deadline: form["deadline"] ?? "", responsibleUnit: form["responsibleUnit"] ?? "")
            return try await TargetService(try req.context).create(for: code, input)
        }
        if done != nil { Pages.flash(req, "flash_target_added") }
        return back(req, code, form)
    }

    func report(req: Request) async throws -> Response {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let form = try req.content.decode([String: String].self)
        let done = try await Pages.attempt(req) {
            guard let id = req.parameters.get("target").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "target_not_found") }
            guard let value = Double((form["value"] ?? "").trimmingCharacters(in: .whitespaces)) else {
                throw AppError(.invalidInput, "target_value", field: "value")
            }
            return try await TargetService(try req.context).report(id, value: value, evidence: form["evidence"] ?? "")
        }
        if done != nil { Pages.flash(req, "flash_target_reported") }
        return back(req, code, form)
    }

    func delete(req: Request) async throws -> Response {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let form = try req.content.decode([String: String].self)
        let done = try await Pages.attempt(req) {
            guard form["confirm"] == "yes" else { throw AppError(.invalidInput, "confirm_required", field: "confirm") }
            guard let id = req.parameters.get("target").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "target_not_found") }
            try await TargetService(try req.context).delete(id)
            return true
        }
        if done != nil { Pages.flash(req, "flash_target_deleted") }
        return back(req, code, form)
    }
}

extension CockpitView {
    /// A figure's label in the request's locale, without a reading.
    static func labeler(_ req: Request) -> (FigureDefinition) -> String {
        { figure in
            let text = req.t(figure.labelKey)
            return figure.labelDetail.map { "\(text) \($0)" } ?? text
        }
    }
}
