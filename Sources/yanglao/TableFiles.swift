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

    /// Writes `table`; a `secret` one (passwords) is readable by its owner only.
    static func write(_ table: [[String]], to path: String, sheet: String, secret: Bool = false) throws {
        let data = path.lowercased().hasSuffix(".xlsx") ? try XLSXExport.data(sheetName: sheet, rows: table) : CSVWriter.data(table)
        let attributes: [FileAttributeKey: Any]? = secret ? [.posixPermissions: 0o600] : nil
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: attributes) else {
            throw ValidationError("cannot write \(path)")
        }
    }

    /// A domain error's message in Chinese, as the console shows it.
    static func message() throws -> (AppError) -> String {
        let catalogue = try Catalogue.bundled()
        return { catalogue.text("error.\($0.code)", .zh, $0.arguments) }
    }
}
