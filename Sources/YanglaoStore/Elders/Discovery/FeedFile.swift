import Foundation
import YanglaoCore

/// A department's file of records (CSV or XLSX): columns 身份证号, 事件, 日期, 说明
/// (or citizenId, event, date, detail).
public enum FeedFile {
    static let columns: [String: WritableKeyPath<DiscoveryService.FeedInput, String?>] = [
        "身份证号": \.citizenId, "身份证号码": \.citizenId, "citizenid": \.citizenId,
        "事件": \.event, "事件类型": \.event, "event": \.event,
        "日期": \.date, "发生日期": \.date, "date": \.date,
        "说明": \.detail, "备注": \.detail, "detail": \.detail,
    ]

    public static func inputs(from bytes: [UInt8]) throws -> [DiscoveryService.FeedInput] {
        let table = try ImportFile.table(from: bytes)
        guard let header = table.first else { throw AppError(.invalidInput, "import_file_empty", field: "file") }
        let paths = header.map { columns[$0.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "*", with: "")] }
        let found = Set(paths.compactMap { $0 })
        let missing = [(\DiscoveryService.FeedInput.citizenId, "身份证号"), (\.event, "事件"), (\.date, "日期")].filter { !found.contains($0.0) }.map(\.1)
        guard missing.isEmpty else {
            throw AppError(.invalidInput, "import_columns_missing", field: "file", ["columns": missing.joined(separator: "、")])
        }
        return table.dropFirst().filter { $0.contains { !$0.isEmpty } }.map { cells in
            var input = DiscoveryService.FeedInput(citizenId: nil, event: nil, date: nil, detail: nil)
            for (i, path) in paths.enumerated() where i < cells.count {
                if let path { input[keyPath: path] = cells[i] }
            }
            return input
        }
    }
}
