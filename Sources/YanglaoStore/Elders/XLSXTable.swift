import Foundation
import YanglaoCore
import YanglaoXLSX

/// The first sheet of a workbook as the import reads it.
enum XLSXTable {
    static func read(_ bytes: [UInt8]) throws -> [[String]] {
        do { return try XLSXReader.rows(of: Data(bytes)) } catch {
            throw AppError(.invalidInput, "import_xlsx_invalid", field: "file")
        }
    }
}

/// Workbooks the platform hands out (templates, problem lists, exports).
public enum XLSXExport {
    /// `numberColumns`: the columns whose values are numbers (amounts, counts), written as
    /// numbers below the header so a spreadsheet can add them up; a cell there that is not a
    /// number (a total row's label) stays text, and every other column stays text (ID numbers,
    /// codes and accounts must never turn into 4.10902E+17).
    public static func data(sheetName: String, rows: [[String]], numberColumns: Set<Int> = []) throws -> Data {
        let widths = (rows.first ?? []).indices.map { column in
            min(60, max(8, Double(rows.prefix(200).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 8) * 1.8 + 2))
        }
        let cells = rows.enumerated().map { index, row in
            row.enumerated().map { column, text -> XLSXCell in
                if index > 0, numberColumns.contains(column), let number = Double(text), number.isFinite { return .number(number) }
                return .text(text)
            }
        }
        return try XLSXWriter.data(sheets: [XLSXSheet(name: sheetName, rows: cells, columnWidths: widths)])
    }
}
