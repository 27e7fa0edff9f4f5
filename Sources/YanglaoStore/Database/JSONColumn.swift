import Foundation

/// Values kept as JSON text in one column (answers, list items, schemes, an offer): encoded
/// with sorted keys so equal values store equal text; unreadable text decodes to nil.
enum JSONColumn {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ json: String, as type: T.Type = T.self) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(json.utf8))
    }
}
