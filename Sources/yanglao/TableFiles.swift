import ArgumentParser
import Foundation
import YanglaoCore
import YanglaoStore
import YanglaoWeb

/// Tables the CLI reads and writes: an import's file in, a report or a template out (.csv or .xlsx by the name).
enum TableFiles {
    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        return Array(data)
    }

    static func write(_ table: [[String]], to path: String, sheet: String) throws {
        let data = path.lowercased().hasSuffix(".xlsx") ? try XLSXExport.data(sheetName: sheet, rows: table) : CSVWriter.data(table)
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw ValidationError("cannot write \(path)") }
    }

    /// A domain error's message in Chinese, as the console shows it.
    static func message() throws -> (AppError) -> String {
        let catalogue = try Catalogue.bundled()
        return { catalogue.text("error.\($0.code)", .zh, $0.arguments) }
    }
}
