import Foundation

/// 人口: a region's statistical population in a year (常住人口 and the older age groups, from
/// the census or a yearbook), with where the figures come from.
public struct PopulationFigures: Sendable, Equatable, Codable {
    public let year: Int
    public let residents: Int
    public let aged60: Int
    public let aged65: Int?
    public let aged80: Int?
    public let source: String

    public init(year: Int, residents: Int, aged60: Int, aged65: Int?, aged80: Int?, source: String) {
        self.year = year
        self.residents = residents
        self.aged60 = aged60
        self.aged65 = aged65
        self.aged80 = aged80
        self.source = source
    }

    /// The first rule the figures break, as the field at fault and the message's key; nil when they hold:
    /// a year from 1953 (the first census) to this one, counts not negative, each age group
    /// within the one above it, a source named.
    public func problem(thisYear: Int) -> (field: String, code: String)? {
        if !(1953...thisYear).contains(year) { return ("year", "population_year_invalid") }
        if residents <= 0 { return ("residents", "population_count_invalid") }
        if aged60 < 0 || aged60 > residents { return ("aged60", "population_group_too_large") }
        if let aged65, aged65 < 0 || aged65 > aged60 { return ("aged65", "population_group_too_large") }
        if let aged80, aged80 < 0 || aged80 > (aged65 ?? aged60) { return ("aged80", "population_group_too_large") }
        if source.trimmingCharacters(in: .whitespaces).isEmpty || source.count > 100 { return ("source", "population_source_missing") }
        return nil
    }

    /// 60+ as a share of the residents.
    public var share60: Double { Double(aged60) / Double(residents) }
}

/// A file of population figures: one row a region and year.
public struct PopulationFile: Sendable {
    public struct Row: Sendable, Equatable {
        public let line: Int
        public let code: RegionCode
        public let figures: PopulationFigures
    }

    public enum Column: CaseIterable, Sendable {
        case code, year, residents, aged60, aged65, aged80, source

        var headers: [String] {
            switch self {
            case .code: ["code", "区划代码", "代码"]
            case .year: ["year", "年份", "年度"]
            case .residents: ["residents", "常住人口", "总人口"]
            case .aged60: ["aged60", "60岁及以上", "60岁以上", "60周岁及以上"]
            case .aged65: ["aged65", "65岁及以上", "65岁以上", "65周岁及以上"]
            case .aged80: ["aged80", "80岁及以上", "80岁以上", "80周岁及以上"]
            case .source: ["source", "来源", "数据来源"]
            }
        }

        var field: String {
            switch self {
            case .code: "code"
            case .year: "year"
            case .residents: "residents"
            case .aged60: "aged60"
            case .aged65: "aged65"
            case .aged80: "aged80"
            case .source: "source"
            }
        }
    }

    public let rows: [Row]
    public let problems: [RegionFile.Problem]

    /// Reads `table` (header first); `source` stands for rows that name none.
    public init(table: [[String]], thisYear: Int, source: String?) throws(TableHeaderProblem) {
        let header = try TableHeader(table, spellings: \Column.headers, required: [.code, .year, .residents, .aged60])
        var rows: [Row] = []
        var problems: [RegionFile.Problem] = []
        var seen: Set<String> = []
        for (offset, cells) in table.dropFirst().enumerated() {
            let line = offset + 2
            if cells.allSatisfy({ $0.trimmedCell.isEmpty }) { continue }
            func problem(_ column: Column, _ code: String) {
                problems.append(.init(line: line, column: header.name(of: column), code: code, value: header.cell(column, in: cells)))
            }
            guard let code = RegionFile.code(header.cell(.code, in: cells)) else {
                problem(.code, "region_code_invalid")
                continue
            }
            func number(_ column: Column) -> Int?? {
                let text = header.cell(column, in: cells).replacingOccurrences(of: ",", with: "")
                if text.isEmpty { return .some(nil) }
                return Int(text).map { .some($0) } ?? nil
            }
            var counts: [Column: Int] = [:]
            var bad: Column?
            for column in [Column.year, .residents, .aged60, .aged65, .aged80] {
                guard let value = number(column) else {
                    bad = column
                    break
                }
                counts[column] = value
            }
            if let bad {
                problem(bad, "population_count_invalid")
                continue
            }
            guard let year = counts[.year], let residents = counts[.residents], let aged60 = counts[.aged60] else {
                problem(counts[.year] == nil ? .year : counts[.residents] == nil ? .residents : .aged60, "population_count_invalid")
                continue
            }
            let named = header.cell(.source, in: cells)
            let figures = PopulationFigures(
                year: year, residents: residents, aged60: aged60, aged65: counts[.aged65], aged80: counts[.aged80],
                source: named.isEmpty ? (source ?? "") : named)
            if let (field, rule) = figures.problem(thisYear: thisYear) {
                problem(Column.allCases.first { $0.field == field } ?? .code, rule)
                continue
            }
            guard seen.insert("\(code.value)|\(year)").inserted else {
                problem(.code, "population_row_repeated")
                continue
            }
            rows.append(Row(line: line, code: code, figures: figures))
        }
        self.rows = rows
        self.problems = problems
    }
}
