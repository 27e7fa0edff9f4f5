import Foundation
import Vapor
import YanglaoCore
import YanglaoPDF
import YanglaoStore
import YanglaoXLSX

/// The monthly report written as a page's tables, an XLSX workbook and a PDF: one set of
/// texts and numbers (`MonthlyReportText`) behind all three, so they agree.
struct MonthlyReportText {
    let report: MonthlyReport
    let catalogue: Catalogue
    let locale: UILocale

    func t(_ key: String, _ arguments: [String: String] = [:]) -> String { catalogue.text(key, locale, arguments) }

    var title: String {
        t(
            "report_title",
            ["region": report.region.name, "month": locale == .zh ? "\(report.month.year)年\(report.month.month)月" : report.month.description])
    }

    func label(_ figure: FigureDefinition) -> String {
        let text = t(figure.labelKey)
        return figure.labelDetail.map { "\(text) \($0)" } ?? text
    }

    func value(_ value: Double?, _ figure: FigureDefinition) -> String { figure.unit.text(value) }

    /// The change against last month in the unit the value is written in.
    func change(_ now: Double?, _ before: Double?, _ figure: FigureDefinition) -> Double? {
        guard let a = figure.unit.number(now), let b = figure.unit.number(before) else { return nil }
        return ((a - b) * 100).rounded() / 100
    }

    func changeText(_ now: Double?, _ before: Double?, _ figure: FigureDefinition) -> String {
        guard let delta = change(now, before, figure) else { return "—" }
        let text = delta == delta.rounded() ? String(format: "%+.0f", delta) : String(format: "%+.2f", delta)
        return figure.unit == .share ? t("cockpit_points", ["value": text]) : text
    }

    func rankChange(_ line: MonthlyReport.Line) -> String {
        guard let last = line.lastRank else { return t("report_rank_new") }
        if last == line.rank { return t("report_rank_same") }
        return last > line.rank ? t("report_rank_up", ["n": String(last - line.rank)]) : t("report_rank_down", ["n": String(line.rank - last)])
    }

    func direction(_ figure: FigureDefinition) -> String { t(figure.higherIsBetter == false ? "report_lower_better" : "report_higher_better") }

    var weightsNote: String {
        let by = report.settings.setFor.map { t("report_weights_set", ["region": $0]) } ?? t("report_weights_default")
        return t("report_weights_note") + " " + by
    }

    func scoreText(_ score: Double) -> String { String(format: "%.2f", score) }

    // MARK: XLSX

    func xlsx() throws -> Data {
        let weighted = report.weighted
        var ranking: [[XLSXCell]] = [
            [t("report_col_rank"), t("col_name"), t("col_code"), t("report_col_score"), t("report_col_last_rank"), t("report_col_rank_change")].map(
                XLSXCell.text) + weighted.map { .text(label($0.figure)) }
        ]
        for line in report.lines {
            var row: [XLSXCell] = [.number(Double(line.rank)), .text(line.region.name), .text(line.region.id!), .number(line.score)]
            row.append(line.lastRank.map { .number(Double($0)) } ?? .empty)
            row.append(line.lastRank.map { .number(Double($0 - line.rank)) } ?? .empty)
            for column in weighted {
                let i = report.columns.firstIndex { $0.figure.key == column.figure.key }!
                row.append(column.figure.unit.number(line.values[i]).map(XLSXCell.number) ?? .empty)
            }
            ranking.append(row)
        }
        var figures: [[XLSXCell]] = [
            [XLSXCell.text(t("col_name")), .text(t("col_code"))]
                + report.columns.flatMap { [XLSXCell.text(label($0.figure)), .text(t("report_change_of", ["figure": label($0.figure)]))] }
        ]
        func figureRow(name: String, code: String, values: [Double?], last: [Double?]) -> [XLSXCell] {
            [.text(name), .text(code)]
                + report.columns.indices.flatMap { i -> [XLSXCell] in
                    let f = report.columns[i].figure
                    return [f.unit.number(values[i]).map(XLSXCell.number) ?? .empty, change(values[i], last[i], f).map(XLSXCell.number) ?? .empty]
                }
        }
        for line in report.lines {
            figures.append(figureRow(name: line.region.name, code: line.region.id!, values: line.values, last: line.lastValues))
        }
        figures.append(
            figureRow(
                name: t("report_total_row", ["region": report.region.name]), code: report.region.id!, values: report.totals, last: report.lastTotals))
        let weights: [[XLSXCell]] =
            [[t("cockpit_col_figure"), t("report_col_weight"), t("report_col_direction")].map(XLSXCell.text)]
            + weighted.map { [.text(label($0.figure)), .number(Double($0.weight)), .text(direction($0.figure))] }
            + [[.text(weightsNote)]]
        return try XLSXWriter.data(sheets: [
            XLSXSheet(name: t("report_sheet_ranking"), rows: ranking, columnWidths: [8, 18, 16, 10, 10, 10] + weighted.map { _ in 16 }),
            XLSXSheet(name: t("report_sheet_figures"), rows: figures, columnWidths: [18, 16] + report.columns.flatMap { _ in [14, 12] }),
            XLSXSheet(name: t("report_sheet_weights"), rows: weights, columnWidths: [36, 10, 14]),
        ])
    }

    // MARK: PDF

    func pdf() throws -> Data {
        let font: PDFFont
        do { font = try PDFFont.system() } catch { throw AppError(.unavailable, "pdf_font_missing") }
        let flow = PDFFlow(writer: PDFWriter(font: font, pageSize: .a4, title: title))
        flow.title(title)
        flow.paragraph(weightsNote, size: 9.5)
        flow.table(
            columns: [(t("cockpit_col_figure"), 0.6), (t("report_col_weight"), 0.15), (t("report_col_direction"), 0.25)],
            rows: report.weighted.map { [label($0.figure), String($0.weight), direction($0.figure)] }, size: 9.5)
        flow.heading(t("report_ranking"))
        flow.barChart(report.lines.map { (label: "\($0.rank). \($0.region.name)", value: $0.score, text: scoreText($0.score)) }, size: 9.5)
        flow.table(
            columns: [
                (t("report_col_rank"), 0.1), (t("col_name"), 0.3), (t("report_col_score"), 0.15), (t("report_col_last_rank"), 0.15),
                (t("report_col_rank_change"), 0.3),
            ],
            rows: report.lines.map { [String($0.rank), $0.region.name, scoreText($0.score), $0.lastRank.map(String.init) ?? "—", rankChange($0)] },
            size: 9.5)
        flow.heading(t("report_figures"))
        // Four figures a table, so the columns stay readable on A4.
        for start in stride(from: 0, to: report.columns.count, by: 4) {
            let part = Array(report.columns.indices.dropFirst(start).prefix(4))
            let rows = report.lines.map { line in
                [line.region.name]
                    + part.map { i in
                        "\(value(line.values[i], report.columns[i].figure))（\(changeText(line.values[i], line.lastValues[i], report.columns[i].figure))）"
                    }
            }
            let total = [t("report_total_row", ["region": report.region.name])] + part.map { i in value(report.totals[i], report.columns[i].figure) }
            flow.table(columns: [(t("col_name"), 0.2)] + part.map { (label(report.columns[$0].figure), 0.2) }, rows: rows + [total], size: 9)
        }
        flow.paragraph(t("report_change_note"), size: 9)
        return flow.finish()
    }
}

/// The monthly report for the command line (`yanglao report monthly`): the same value and
/// files as the console's, in Chinese.
public enum MonthlyReportExport {
    public struct Files: Sendable {
        public let title: String
        public let xlsx: Data
        public let pdf: Data
        /// `1. 华龙区 82.50`, best first.
        public let ranking: [String]
    }

    public static func files(_ app: Application, actor: Actor, region: RegionCode, month: CalendarMonth) async throws -> Files {
        let report = try await CockpitService(app.context(as: actor)).monthlyReport(region, month: month)
        let text = MonthlyReportText(report: report, catalogue: app.catalogue, locale: .zh)
        return Files(
            title: text.title, xlsx: try text.xlsx(), pdf: try text.pdf(),
            ranking: report.lines.map { "\($0.rank). \($0.region.name) \(text.scoreText($0.score))" })
    }
}
