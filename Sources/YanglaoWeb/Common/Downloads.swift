import Foundation
import Vapor
import YanglaoCore
import YanglaoStore

/// A table handed out as a CSV or XLSX download.
enum Downloads {
    static func table(_ rows: [[String]], name: String, format: String) throws -> Response {
        let response = Response(status: .ok)
        let data: Data
        if format == "xlsx" {
            data = try XLSXExport.data(sheetName: name, rows: rows)
            response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        } else {
            data = CSVWriter.data(rows)
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        }
        let encoded = "\(name).\(format)".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "download.\(format)"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"download.\(format)\"; filename*=UTF-8''\(encoded)")
        response.body = Response.Body(data: data)
        return response
    }
}
