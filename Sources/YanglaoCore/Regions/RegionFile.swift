import Foundation

/// A file of statistical division codes (统计用区划代码) as a bureau brings it: a header row,
/// then one region a row with its code and name, optionally its parent's code and, for
/// villages, the 城乡分类代码. Codes may be written in full (12 digits) or by their
/// significant digits (2, 4, 6 or 9, as the NBS tables of provinces, cities, counties and
/// townships print them).
public struct RegionFile: Sendable {
    public struct Row: Sendable, Equatable {
        /// The row's number in the file, the header being row 1.
        public let line: Int
        public let code: RegionCode
        public let name: String
        public let kind: RegionKind
        /// 城乡分类代码 (3 digits, villages only), when the file has it.
        public let urbanRural: String?
        /// 撤并: the region of the same level this one is merged into, when the file says so.
        public let successor: RegionCode?
    }

    public struct Problem: Sendable, Equatable {
        public let line: Int
        public let column: String
        /// The message's key: `error.<code>` in the catalogue.
        public let code: String
        public let value: String
        /// The message's arguments: `value`, and what the rule that refused the row adds.
        public let arguments: [String: String]

        public init(line: Int, column: String, code: String, value: String, arguments: [String: String] = [:]) {
            self.line = line
            self.column = column
            self.code = code
            self.value = value
            self.arguments = arguments.merging(["value": value]) { kept, _ in kept }
        }

        /// The problem as the error whose message names it.
        public var error: AppError { AppError(.invalidInput, code, arguments) }
    }

    public enum Column: String, CaseIterable, Sendable {
        case code
        case name
        case parent
        case urbanRural
        case successor

        /// Header spellings accepted for the column (compared without case and spaces).
        var headers: [String] {
            switch self {
            case .code: ["code", "代码", "区划代码", "统计用区划代码", "行政区划代码"]
            case .name: ["name", "名称", "区划名称", "单位名称"]
            case .parent: ["parent", "上级代码", "上级区划代码", "上级"]
            case .urbanRural: ["urban_rural", "urbanrural", "城乡分类代码", "城乡分类"]
            case .successor: ["successor", "并入代码", "并入", "撤并至", "撤并后代码"]
            }
        }
    }

    public typealias FileProblem = TableHeaderProblem

    /// The valid rows, parents before children (shallower levels first, then by code).
    public let rows: [Row]
    public let problems: [Problem]

    /// Reads `table` (header first). `known` tells whether a region already exists in the
    /// database: a row's parent must be there or in the file.
    public init(table: [[String]], known: (RegionCode) -> Bool) throws(FileProblem) {
        let header = try TableHeader(table, spellings: \Column.headers, required: [.code, .name])
        // Problems name a column as the file's header does.
        func headerName(_ column: Column) -> String { header.name(of: column) }
        var problems: [Problem] = []
        var candidates: [RegionCode: Row] = [:]
        var order: [RegionCode] = []
        for (offset, cells) in table.dropFirst().enumerated() {
            let line = offset + 2
            func cell(_ c: Column) -> String { header.cell(c, in: cells) }
            if cells.allSatisfy({ $0.trimmedCell.isEmpty }) { continue }
            func problem(_ column: Column, _ code: String, _ value: String) {
                problems.append(Problem(line: line, column: headerName(column), code: code, value: value))
            }
            let codeText = cell(.code)
            guard let code = Self.code(codeText) else {
                problem(.code, codeText.isEmpty ? "region_code_missing" : "region_code_invalid", codeText)
                continue
            }
            let name = cell(.name)
            guard !name.isEmpty else {
                problem(.name, "region_name_missing", "")
                continue
            }
            guard name.count <= 100 else {
                problem(.name, "region_name_too_long", String(name.prefix(20)) + "…")
                continue
            }
            let parentText = cell(.parent)
            if !parentText.isEmpty, Self.code(parentText) != code.parent {
                problem(.parent, "region_parent_mismatch", parentText)
                continue
            }
            var urbanRural: String?
            let urbanText = cell(.urbanRural)
            if !urbanText.isEmpty {
                guard urbanText.count == 3, urbanText.allSatisfy(\.isASCIIDigit) else {
                    problem(.urbanRural, "region_urban_rural_invalid", urbanText)
                    continue
                }
                urbanRural = urbanText
            }
            var successor: RegionCode?
            let successorText = cell(.successor)
            if !successorText.isEmpty {
                guard let merged = Self.code(successorText), merged.level == code.level, merged != code else {
                    problem(.successor, "region_successor_invalid", successorText)
                    continue
                }
                successor = merged
            }
            if candidates[code] != nil {
                problem(.code, "region_code_repeated", code.value)
                continue
            }
            candidates[code] = Row(
                line: line, code: code, name: name, kind: RegionKinds.kind(of: code, named: name), urbanRural: urbanRural, successor: successor)
            order.append(code)
        }
        // A parent must exist in the database or among the file's valid rows; a row whose
        // parent is refused is refused too, so nothing is left hanging.
        var accepted: [RegionCode: Row] = [:]
        for code in order.sorted(by: { ($0.level, $0) < ($1.level, $1) }) {
            let row = candidates[code]!
            if let parent = code.parent, accepted[parent] == nil, !known(parent) {
                problems.append(Problem(line: row.line, column: headerName(.code), code: "region_parent_missing", value: parent.value))
                continue
            }
            accepted[code] = row
        }
        self.rows = order.compactMap { accepted[$0] }.sorted { ($0.code.level, $0.code) < ($1.code.level, $1.code) }
        self.problems = problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// A code written in full or by its significant digits (2, 4, 6 or 9), as a region code.
    public static func code(_ text: String) -> RegionCode? {
        let digits = text.filter { !$0.isWhitespace }
        guard [2, 4, 6, 9, 12].contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return try? RegionCode(digits + String(repeating: "0", count: 12 - digits.count))
    }
}
