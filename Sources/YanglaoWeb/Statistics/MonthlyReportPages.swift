import Vapor
import YanglaoCore
import YanglaoStore

/// `/cockpit/{code}/report`: the monthly report (月通报) of a region's children, as a page,
/// an XLSX workbook and a PDF; and the form where a city or county sets its weights.
struct MonthlyReportPages {
    struct RankRow: Encodable {
        let rank: Int
        let name: String
        let href: String
        let score: String
        let lastRank: String
        let change: String
        let values: [String]
    }

    struct FigureRow: Encodable {
        let name: String
        let cells: [String]
    }

    struct WeightRow: Encodable {
        let key: String
        let label: String
        let weight: String
        let direction: String
    }

    struct Body: Encodable {
        let code: String
        let month: String
        let months: [Pages.Option]
        let weightsNote: String
        let weights: [WeightRow]
        let weightedHeadings: [String]
        let ranking: [RankRow]
        let chart: String
        let figureHeadings: [String]
        let figures: [FigureRow]
        let total: FigureRow
        let xlsx: String
        let pdf: String
        let canSetWeights: Bool
        /// Every figure that can be weighted, with its weight now (0: not scored).
        let weightChoices: [WeightRow]
        let smallCell: Int
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("cockpit", ":code", "report", use: page)
        routes.get("cockpit", ":code", "report.xlsx", use: xlsx)
        routes.get("cockpit", ":code", "report.pdf", use: pdf)
        routes.post("cockpit", ":code", "weights", use: setWeights)
    }

    static func month(_ req: Request, today: CalendarDate) throws -> CalendarMonth {
        guard let text = req.query[String.self, at: "month"], !text.isEmpty else { return CalendarMonth(today).previous }
        guard let month = CalendarMonth(text) else { throw AppError(.invalidInput, "month_invalid", field: "month", ["value": text]) }
        return month
    }

    func report(_ req: Request) async throws -> (MonthlyReport, MonthlyReportText) {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let context = try req.context
        let report = try await CockpitService(context).monthlyReport(code, month: try Self.month(req, today: context.today))
        return (report, MonthlyReportText(report: report, catalogue: req.application.catalogue, locale: req.locale))
    }

    func page(req: Request) async throws -> Response {
        let (report, text) = try await report(req)
        let code = report.region.id!
        let today = try req.context.today
        var months: [Pages.Option] = []
        var month = CalendarMonth(today)
        for _ in 0..<13 {
            months.append(
                Pages.Option(
                    value: month.description, label: req.locale == .zh ? "\(month.year)年\(month.month)月" : month.description,
                    selected: month == report.month))
            month = month.previous
        }
        let weighted = report.weighted
        let sources = try req.context.node.figureSources ?? []
        let scorable = sources.flatMap(\.figures).filter { $0.higherIsBetter != nil }
        let body = Body(
            code: code, month: report.month.description, months: months, weightsNote: text.weightsNote,
            weights: weighted.map {
                WeightRow(key: $0.figure.key, label: text.label($0.figure), weight: String($0.weight), direction: text.direction($0.figure))
            },
            weightedHeadings: weighted.map { text.label($0.figure) },
            ranking: report.lines.map { line in
                RankRow(
                    rank: line.rank, name: line.region.name,
                    href: Pages.link("/cockpit/\(line.region.id!)/report", ["month": report.month.description]), score: text.scoreText(line.score),
                    lastRank: line.lastRank.map(String.init) ?? "—", change: text.rankChange(line),
                    values: weighted.map { column in
                        let i = report.columns.firstIndex { $0.figure.key == column.figure.key }!
                        return text.value(line.values[i], column.figure)
                    })
            },
            chart: SVGChart.bars(
                title: req.t("report_chart_title"), description: req.t("report_chart_desc"),
                bars: report.lines.map { SVGChart.Bar(label: "\($0.rank). \($0.region.name)", value: $0.score, text: text.scoreText($0.score)) },
                id: "chart-scores"),
            figureHeadings: report.columns.map { text.label($0.figure) },
            figures: report.lines.map { line in
                FigureRow(
                    name: line.region.name,
                    cells: report.columns.indices.map { i in
                        "\(text.value(line.values[i], report.columns[i].figure))（\(text.changeText(line.values[i], line.lastValues[i], report.columns[i].figure))）"
                    })
            },
            total: FigureRow(
                name: text.t("report_total_row", ["region": report.region.name]),
                cells: report.columns.indices.map { text.value(report.totals[$0], report.columns[$0].figure) }),
            xlsx: Pages.link("/cockpit/\(code)/report.xlsx", ["month": report.month.description]),
            pdf: Pages.link("/cockpit/\(code)/report.pdf", ["month": report.month.description]),
            canSetWeights: try canSetWeights(req, code: code),
            weightChoices: scorable.map { figure in
                WeightRow(
                    key: figure.key, label: text.label(figure),
                    weight: String(report.settings.weights.first { $0.figure == figure.key }?.weight ?? 0),
                    direction: text.direction(figure))
            },
            smallCell: report.settings.smallCell)
        return try await Pages.render("cockpit/report", title: text.title, body, for: req)
    }

    func canSetWeights(_ req: Request, code: String) throws -> Bool {
        let actor = try req.actor
        return actor.role == .systemAdmin || ([.cityOfficer, .countyOfficer].contains(actor.role) && actor.region?.value == code)
    }

    func xlsx(req: Request) async throws -> Response {
        let (_, text) = try await report(req)
        return Downloads.file(
            try text.xlsx(), name: "\(text.title).xlsx",
            type: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    }

    func pdf(req: Request) async throws -> Response {
        let (_, text) = try await report(req)
        return Downloads.file(try text.pdf(), name: "\(text.title).pdf", type: HTTPMediaType(type: "application", subType: "pdf"))
    }

    func setWeights(req: Request) async throws -> Response {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let form = try req.content.decode([String: String].self)
        let month = form["month"] ?? ""
        let done = try await Pages.attempt(req) {
            let figures = try req.context.node.figureSources?.flatMap(\.figures) ?? []
            var weights: [WeightedRanking.Weight] = []
            for figure in figures where figure.higherIsBetter != nil {
                let text = (form["weight.\(figure.key)"] ?? "").trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                guard let value = Int(text) else {
                    throw AppError(.invalidInput, "out_of_range", field: "weight.\(figure.key)", ["minimum": "0", "maximum": "100"])
                }
                weights.append(WeightedRanking.Weight(figure: figure.key, weight: value))
            }
            guard let small = Int((form["smallCell"] ?? "").trimmingCharacters(in: .whitespaces)) else {
                throw AppError(.invalidInput, "out_of_range", field: "smallCell", ["minimum": "1", "maximum": "100"])
            }
            return try await ReportSettingsService(try req.context).set(code, weights: weights, smallCell: small, figures: figures)
        }
        if done != nil { Pages.flash(req, "flash_report_weights_saved") }
        return req.redirect(to: Pages.link("/cockpit/\(code.value)/report", ["month": month]))
    }
}
