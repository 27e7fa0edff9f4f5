import Foundation

/// The header row of an imported table: which column holds which field, matched by the
/// spellings each field accepts (without case, spaces or the `*` of a required column).
public struct TableHeader<Column: Hashable & CaseIterable> {
    private let cells: [String]
    private let index: [Column: Int]
    private let spellings: (Column) -> [String]

    /// Reads the first row of `table`; `required` columns must all be there, none twice.
    public init(_ table: [[String]], spellings: @escaping (Column) -> [String], required: [Column]) throws(TableHeaderProblem) {
        guard let header = table.first, header.contains(where: { !$0.trimmedCell.isEmpty }) else { throw .empty }
        var index: [Column: Int] = [:]
        for (i, cell) in header.enumerated() {
            let key = cell.trimmedCell.lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "*", with: "")
            guard let column = Column.allCases.first(where: { spellings($0).contains(key) }) else { continue }
            if index[column] != nil { throw .duplicateColumn(cell.trimmedCell) }
            index[column] = i
        }
        let missing = required.filter { index[$0] == nil }
        if !missing.isEmpty { throw .missingColumns(missing.map { Self.display(spellings($0)) }) }
        self.cells = header
        self.index = index
        self.spellings = spellings
    }

    public func has(_ column: Column) -> Bool { index[column] != nil }

    /// The column as the file's header writes it (problems name it so), else its usual name.
    public func name(of column: Column) -> String { index[column].map { cells[$0].trimmedCell } ?? Self.display(spellings(column)) }

    /// A row's cell of `column`, trimmed; empty when the file has no such column or the row is short.
    public func cell(_ column: Column, in row: [String]) -> String {
        guard let i = index[column], i < row.count else { return "" }
        return row[i].trimmedCell
    }

    /// The name shown for a missing column: its second spelling (the Chinese one) when it has one.
    private static func display(_ spellings: [String]) -> String { spellings.count > 1 ? spellings[1] : spellings.first ?? "" }
}

extension String {
    var trimmedCell: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
