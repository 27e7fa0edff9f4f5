import Vapor
import YanglaoCore
import YanglaoStore

/// `/cockpit/{code}`: the headline tiles, one figure in focus (bars by child region, months
/// against last year, its numbers in tables) and every figure of every domain, for a
/// period; each number leads down a level, and at the bottom to the list behind it.
struct CockpitPages {
    struct Crumb: Encodable {
        let name: String
        let href: String
    }

    struct Tile: Encodable {
        let label: String
        let value: String
        let change: String
        let href: String
    }

    struct Row: Encodable {
        let label: String
        let href: String
        let value: String
        let lastYear: String
        let change: String
        let previous: String
        let share: String
        let drill: String?
        let focused: Bool
    }

    struct Section: Encodable {
        let heading: String
        let id: String
        let rows: [Row]
    }

    struct ChildRow: Encodable {
        let name: String
        let href: String
        let value: String
        let drill: String?
    }

    struct MonthRow: Encodable {
        let month: String
        let value: String
        let lastYear: String
    }

    struct Focus: Encodable {
        let label: String
        let value: String
        let drill: String?
        let stateNote: Bool
        let childChart: String?
        let children: [ChildRow]
        let trendChart: String?
        let months: [MonthRow]
    }

    struct Body: Encodable {
        let code: String
        let name: String
        let period: String
        let periodName: String
        let periods: [Pages.Option]
        let figure: String
        let crumbs: [Crumb]
        let tiles: [Tile]
        let focus: Focus
        let sections: [Section]
        let populationNote: String?
        let hasChildren: Bool
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("cockpit", ":code", use: show)
    }

    /// The period the query names; without one, `fallback` or this month.
    static func period(_ req: Request, today: CalendarDate, fallback: StatPeriod? = nil) throws -> StatPeriod {
        guard let text = req.query[String.self, at: "period"], !text.isEmpty else {
            return fallback ?? StatPeriod(.month, containing: CalendarMonth(today))
        }
        guard let period = StatPeriod(text) else { throw AppError(.invalidInput, "stat_period_invalid", field: "period", ["value": text]) }
        return period
    }

    /// The periods to choose from: the last 12 months, 4 quarters and 3 years, and the one shown.
    static func periodOptions(today: CalendarDate, selected: StatPeriod, req: Request) -> [Pages.Option] {
        var periods: [StatPeriod] = []
        var month = CalendarMonth(today)
        for _ in 0..<12 {
            periods.append(StatPeriod(.month, containing: month))
            month = month.previous
        }
        var quarter = StatPeriod(.quarter, containing: CalendarMonth(today))
        for _ in 0..<4 {
            periods.append(quarter)
            quarter = quarter.previous
        }
        var year = StatPeriod(.year, containing: CalendarMonth(today))
        for _ in 0..<3 {
            periods.append(year)
            year = year.previous
        }
        if !periods.contains(selected) { periods.insert(selected, at: 0) }
        return periods.map { Pages.Option(value: $0.description, label: name(of: $0, req: req), selected: $0 == selected) }
    }

    static func name(of period: StatPeriod, req: Request) -> String {
        req.locale == .zh ? period.chineseName : period.description
    }

    func show(req: Request) async throws -> Response {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let context = try req.context
        let period = try Self.period(req, today: context.today)
        let reading = try await CockpitService(context).read(code, period: period)
        let focusKey = req.query[String.self, at: "figure"].flatMap { $0.isEmpty ? nil : $0 } ?? "people.total"
        guard let focus = reading.figure(focusKey) else { throw AppError(.invalidInput, "figure_unknown", field: "figure", ["value": focusKey]) }
        let view = CockpitView(reading: reading, req: req)
        let body = Body(
            code: code.value, name: reading.region.name, period: period.description, periodName: Self.name(of: period, req: req),
            periods: Self.periodOptions(today: context.today, selected: period, req: req), figure: focusKey,
            crumbs: reading.lineage.map { Crumb(name: $0.name, href: view.link(region: $0.id!, figure: focusKey)) },
            tiles: reading.figures.filter(\.definition.headline).map { f in
                Tile(
                    label: view.label(f.definition), value: view.text(f.value, f.definition), change: view.change(f),
                    href: view.link(region: code.value, figure: f.definition.key))
            },
            focus: view.focus(focus),
            sections: view.sections(focused: focusKey),
            populationNote: reading.population.map { req.t("cockpit_population_note", ["year": String($0.year), "aged60": String($0.aged60)]) },
            hasChildren: !reading.children.isEmpty)
        return try await Pages.render("cockpit/cockpit", title: req.t("cockpit_title", ["region": reading.region.name]), body, for: req)
    }
}

/// Writes a reading's numbers and links for one request's locale.
struct CockpitView {
    let reading: CockpitService.Reading
    let req: Request

    func label(_ figure: FigureDefinition) -> String { Self.labeler(req)(figure) }

    func text(_ value: Double?, _ figure: FigureDefinition) -> String { Self.text(value, figure, req: req) }

    /// A value with its unit in the request's locale ("—" without one).
    static func text(_ value: Double?, _ figure: FigureDefinition, req: Request) -> String {
        guard value != nil else { return "—" }
        let unit = req.t("unit_\(figure.unit.rawValue)")
        let number = figure.unit.text(value)
        return unit.isEmpty ? number : "\(number) \(unit)"
    }

    /// Against the same period last year: a count's change in per cent, a share's in points.
    func change(_ f: CockpitService.FigureReading) -> String {
        guard let now = f.value, let before = f.lastYear else { return "—" }
        if f.definition.unit == .share {
            return req.t("cockpit_points", ["value": String(format: "%+.1f", (now - before) * 100)])
        }
        guard before != 0 else { return "—" }
        return String(format: "%+.1f%%", (now - before) / before * 100)
    }

    func link(region: String, figure: String) -> String {
        Pages.link("/cockpit/\(region)", ["period": reading.period.description, "figure": figure])
    }

    /// The list of the people or orders behind a figure for `region`, or nil.
    func drill(_ figure: FigureDefinition, region: String) -> String? {
        guard let drill = figure.drill else { return nil }
        var query = drill.query
        query[drill.regionParameter] = region
        if let from = drill.fromParameter { query[from] = reading.period.first.firstDay.description }
        if let to = drill.toParameter { query[to] = reading.period.last.lastDay.description }
        return Pages.link(drill.path, query)
    }

    func focus(_ f: CockpitService.FigureReading) -> CockpitPages.Focus {
        let figure = f.definition
        let label = label(figure)
        let children = reading.children.enumerated().map { i, child in
            CockpitPages.ChildRow(
                name: child.name, href: link(region: child.id!, figure: figure.key), value: text(f.byChild[i], figure),
                drill: drill(figure, region: child.id!))
        }
        let childChart =
            children.isEmpty
            ? nil
            : SVGChart.bars(
                title: req.t("cockpit_chart_children", ["figure": label]), description: req.t("cockpit_chart_children_desc"),
                bars: reading.children.enumerated().map { i, child in
                    SVGChart.Bar(label: child.name, value: f.byChild[i], text: figure.unit.text(f.byChild[i]))
                }, id: "chart-children")
        let monthLabels = reading.trend.map { req.locale == .zh ? "\($0.month)月" : $0.description }
        let months =
            f.isState
            ? []
            : reading.trend.indices.map { i in
                CockpitPages.MonthRow(
                    month: reading.trend[i].description, value: text(f.byMonth[i], figure), lastYear: text(f.byMonthLastYear[i], figure))
            }
        let trendChart =
            f.isState
            ? nil
            : SVGChart.months(
                title: req.t("cockpit_chart_months", ["figure": label]), description: req.t("cockpit_chart_months_desc"), labels: monthLabels,
                values: f.byMonth, lastYear: f.byMonthLastYear, legend: (req.t("cockpit_this_year"), req.t("cockpit_last_year")), id: "chart-months")
        return CockpitPages.Focus(
            label: label, value: text(f.value, figure), drill: drill(figure, region: reading.region.id!), stateNote: f.isState,
            childChart: childChart, children: children, trendChart: trendChart, months: months)
    }

    func sections(focused: String) -> [CockpitPages.Section] {
        var order: [String] = []
        var bySource: [String: [CockpitService.FigureReading]] = [:]
        for f in reading.figures {
            if bySource[f.source] == nil { order.append(f.source) }
            bySource[f.source, default: []].append(f)
        }
        return order.map { source in
            let figures = bySource[source]!
            return CockpitPages.Section(
                heading: req.t("cockpit_source_\(source)"), id: "figures-\(source)",
                rows: figures.map { f in
                    let whole = f.definition.partOf.flatMap { key in figures.first { $0.definition.key == key }?.value }
                    let share = whole.flatMap { w in f.value.map { w > 0 ? String(format: "%.1f%%", $0 / w * 100) : "—" } } ?? ""
                    return CockpitPages.Row(
                        label: label(f.definition), href: link(region: reading.region.id!, figure: f.definition.key),
                        value: text(f.value, f.definition),
                        lastYear: f.isState ? "" : text(f.lastYear, f.definition), change: f.isState ? "" : change(f),
                        previous: f.isState ? "" : text(f.previous, f.definition), share: share,
                        drill: drill(f.definition, region: reading.region.id!), focused: f.definition.key == focused)
                })
        }
    }
}
