import Foundation
import Vapor
import YanglaoCore
import YanglaoStore

/// Tables and files handed out as downloads.
enum Downloads {
    /// `numberColumns`: the columns a workbook writes as numbers (see `XLSXExport`); CSV is text anyway.
    static func table(_ rows: [[String]], name: String, format: String, numberColumns: Set<Int> = []) throws -> Response {
        let response = Response(status: .ok)
        let data: Data
        if format == "xlsx" {
            data = try XLSXExport.data(sheetName: name, rows: rows, numberColumns: numberColumns)
            response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        } else {
            data = CSVWriter.data(rows)
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        }
        attach(response, name: "\(name).\(format)", format: format)
        response.body = Response.Body(data: data)
        return response
    }

    /// A finished file (a workbook, a PDF) as a download named `name`.
    static func file(_ data: Data, name: String, type: HTTPMediaType) -> Response {
        let response = Response(status: .ok)
        response.headers.contentType = type
        attach(response, name: name, format: String(name.split(separator: ".").last ?? "bin"))
        response.body = Response.Body(data: data)
        return response
    }

    /// The file name in both forms browsers read: ASCII, and UTF-8 for the Chinese name.
    static func attach(_ response: Response, name: String, format: String) {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "download.\(format)"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"download.\(format)\"; filename*=UTF-8''\(encoded)")
    }
}
