import Vapor
import YanglaoCore
import YanglaoStore

/// `/statistics/{code}`: 统计数据公开 — a region's figures for anyone, without signing in;
/// small counts are hidden (`PublicStatistics`), so no person can be picked out. Each region
/// below leads to its own page; nothing leads to a list of people.
struct PublicStatisticsPages {
    struct Cell: Encodable {
        let value: String
        let hidden: Bool
    }

    struct Row: Encodable {
        let label: String
        let value: Cell
    }

    struct Section: Encodable {
        let heading: String
        let id: String
        let rows: [Row]
    }

    struct Column: Encodable {
        let label: String
    }

    struct ChildRow: Encodable {
        let name: String
        let href: String
        let cells: [Cell]
    }

    struct Body: Encodable {
        let code: String
        let periodName: String
        let periods: [Pages.Option]
        let crumbs: [CockpitPages.Crumb]
        let note: String
        let tiles: [Row]
        let columns: [Column]
        let children: [ChildRow]
        let sections: [Section]
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("statistics", use: index)
        routes.get("statistics", ":code", use: show)
    }

    func service(_ req: Request) -> PublicStatistics {
        PublicStatistics(database: req.db, protection: req.application.dataProtection, today: .today(), node: req.application.storeNode)
    }

    func index(req: Request) async throws -> Response {
        guard let first = try await service(req).start() else { throw AppError(.notFound, "region_not_found", ["code": "—"]) }
        return req.redirect(to: "/statistics/\(first.id!)")
    }

    func show(req: Request) async throws -> Response {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let today = CalendarDate.today()
        let period = try CockpitPages.period(req, today: today, fallback: StatPeriod(.year, containing: CalendarMonth(today)))
        let reading = try await service(req).read(code, period: period)
        let hiddenText = req.t("public_hidden", ["count": String(reading.smallCell)])
        let label = CockpitView.labeler(req)
        func cell(_ value: Double?, hidden: Bool, _ figure: FigureDefinition) -> Cell {
            hidden ? Cell(value: hiddenText, hidden: true) : Cell(value: CockpitView.text(value, figure, req: req), hidden: false)
        }
        func link(_ region: String) -> String { Pages.link("/statistics/\(region)", ["period": period.description]) }
        let headlines = reading.figures.filter(\.definition.headline)
        var order: [String] = []
        var bySource: [String: [PublicStatistics.Figure]] = [:]
        for f in reading.figures {
            let source = f.source
            if bySource[source] == nil { order.append(source) }
            bySource[source, default: []].append(f)
        }
        let body = Body(
            code: code.value, periodName: CockpitPages.name(of: period, req: req),
            periods: CockpitPages.periodOptions(today: today, selected: period, req: req),
            crumbs: reading.lineage.map { CockpitPages.Crumb(name: $0.name, href: link($0.id!)) },
            note: req.t("public_note", ["count": String(reading.smallCell)]),
            tiles: headlines.map { Row(label: label($0.definition), value: cell($0.value, hidden: $0.hidden, $0.definition)) },
            columns: headlines.map { Column(label: label($0.definition)) },
            children: reading.children.enumerated().map { i, child in
                ChildRow(
                    name: child.name, href: link(child.id!),
                    cells: headlines.map { cell($0.byChild[i], hidden: $0.hiddenByChild[i], $0.definition) })
            },
            sections: order.map { source in
                Section(
                    heading: req.t("cockpit_source_\(source)"), id: "public-\(source)",
                    rows: bySource[source]!.map { Row(label: label($0.definition), value: cell($0.value, hidden: $0.hidden, $0.definition)) })
            })
        return try await Pages.render("cockpit/public", title: req.t("public_title", ["region": reading.region.name]), body, for: req)
    }
}
