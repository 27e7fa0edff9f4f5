import Foundation
import YanglaoCore

/// An uploaded register file as a table of text cells: CSV (UTF-8 or GB18030) or XLSX,
/// told apart by content, not by name.
public enum ImportFile {
    public static let maxBytes = 256 * 1024 * 1024

    public static func table(from bytes: [UInt8]) throws -> [[String]] {
        guard !bytes.isEmpty else { throw AppError(.invalidInput, "import_file_empty", field: "file") }
        guard bytes.count <= maxBytes else { throw AppError(.invalidInput, "payload_too_large", field: "file") }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return try XLSXTable.read(bytes)
        }
        let text: String
        do { text = try TextDecoding.decode(bytes).text } catch {
            throw AppError(.invalidInput, "import_file_encoding", field: "file")
        }
        do { return try CSVReader.rows(text) } catch {
            throw AppError(.invalidInput, "import_csv_quote", field: "file", ["line": String(error.line)])
        }
    }

    /// The sheet of people in `bytes`, or a file-level error (no header, a required column missing).
    public static func sheet(from bytes: [UInt8]) throws -> ElderImportSheet {
        do { return try ElderImportSheet(table: try table(from: bytes)) } catch let problem as TableHeaderProblem { throw problem.appError }
    }

    /// The problems of a report as a table (header first) for a CSV or XLSX download.
    public static func problemTable(_ report: ElderImporter.Report, message: (AppError) -> String) -> [[String]] {
        var rows = [["行号 row", "列 column", "问题 problem", "原值 value", "代码 code"]]
        for p in report.problems { rows.append([String(p.row), p.column, message(p.error), p.value, p.error.code]) }
        for p in report.warnings { rows.append([String(p.row), p.column, "提示 warning: " + message(p.error), p.value, p.error.code]) }
        return rows
    }

    /// The template's table: the headers, then a line of hints.
    public static var templateTable: [[String]] {
        [ElderImportColumn.allCases.map { $0.header + ($0.isRequired ? "*" : "") }, ElderImportColumn.allCases.map(\.hint)]
    }
}
