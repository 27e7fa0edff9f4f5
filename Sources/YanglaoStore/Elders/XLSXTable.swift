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
    public static func data(sheetName: String, rows: [[String]]) throws -> Data {
        let widths = (rows.first ?? []).indices.map { column in
            min(60, max(8, Double(rows.prefix(200).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 8) * 1.8 + 2))
        }
        return try XLSXWriter.data(sheetName: sheetName, rows: rows, columnWidths: widths)
    }
}
