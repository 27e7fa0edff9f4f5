import Foundation
import YanglaoCore

/// 月通报: a month's figures of each region below, ranked by the weighted score whose weights
/// the region (or the one above) set, with the change against the month before. The page,
/// the XLSX and the PDF all write this one value, so their numbers are the same.
public struct MonthlyReport: Sendable {
    public struct Column: Sendable {
        public let figure: FigureDefinition
        /// Its weight in the score; 0 for a figure shown but not scored.
        public let weight: Int
    }

    public struct Line: Sendable {
        public let region: RegionModel
        public let rank: Int
        /// Last month's rank; nil when last month had no such region.
        public let lastRank: Int?
        public let score: Double
        public let lastScore: Double?
        /// In the order of `columns`.
        public let values: [Double?]
        public let lastValues: [Double?]
        /// Points per weighted column (those with a weight), in their order.
        public let points: [Double]
    }

    public let region: RegionModel
    public let month: CalendarMonth
    public let settings: ReportSettings
    public let columns: [Column]
    /// Best first.
    public let lines: [Line]
    /// The region's own values, in the order of `columns`.
    public let totals: [Double?]
    public let lastTotals: [Double?]

    public var weighted: [Column] { columns.filter { $0.weight > 0 } }

    /// The figures every report shows besides the weighted ones.
    public static let shown = [
        "people.total", "people.enrolled", "people.enrolment_rate", "orders.total", "orders.served", "orders.completion_rate", "orders.rating",
        "orders.complaints", "alarms.total", "alarms.answered60_rate", "subsidies.payments", "subsidies.amount",
    ]
}

extension CockpitService {
    /// The report of `code` for `month`: its children ranked.
    public func monthlyReport(_ code: RegionCode, month: CalendarMonth) async throws -> MonthlyReport {
        let period = StatPeriod(.month, containing: month)
        let now = try await read(code, period: period)
        let before = try await read(code, period: period.previous)
        guard !now.children.isEmpty else { throw AppError(.invalidInput, "report_needs_children", field: "region", ["code": code.value]) }
        let settings = try await ReportSettingsService(context).inForce(for: code)
        var keys = settings.weights.map(\.figure)
        for key in MonthlyReport.shown where !keys.contains(key) { keys.append(key) }
        let columns = keys.compactMap { key -> MonthlyReport.Column? in
            guard let figure = now.figure(key)?.definition else { return nil }
            return MonthlyReport.Column(figure: figure, weight: settings.weights.first { $0.figure == key }?.weight ?? 0)
        }
        func values(_ reading: Reading, child: Int) -> [Double?] { columns.map { reading.figure($0.figure.key)?.byChild[child] ?? nil } }
        func ranking(_ reading: Reading) -> [WeightedRanking.Entry] {
            let weighted = columns.filter { $0.weight > 0 }
            let table = reading.children.indices.map { child in weighted.map { reading.figure($0.figure.key)?.byChild[child] ?? nil } }
            return WeightedRanking.rank(
                values: table, weights: weighted.map(\.weight), higherIsBetter: weighted.map { $0.figure.higherIsBetter ?? true })
        }
        let ranked = ranking(now)
        let lastRanked = ranking(before)
        let lines = ranked.map { entry in
            let child = now.children[entry.index]
            let last = before.children.firstIndex { $0.id == child.id }.flatMap { i in lastRanked.first { $0.index == i } }
            let lastIndex = before.children.firstIndex { $0.id == child.id }
            return MonthlyReport.Line(
                region: child, rank: entry.rank, lastRank: last?.rank, score: entry.score, lastScore: last?.score,
                values: values(now, child: entry.index),
                lastValues: lastIndex.map { values(before, child: $0) } ?? columns.map { _ in nil }, points: entry.points)
        }
        return MonthlyReport(
            region: now.region, month: month, settings: settings, columns: columns, lines: lines,
            totals: columns.map { now.figure($0.figure.key)?.value ?? nil }, lastTotals: columns.map { before.figure($0.figure.key)?.value ?? nil })
    }
}
