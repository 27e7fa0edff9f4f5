/// Reads the PostScript name (name id 6) from the `name` table.
enum FontNames {
    static func postScriptName(_ table: FontBytes?) throws -> String? {
        guard let table, table.count >= 6 else { return nil }
        let count = Int(try table.u16(2))
        let storage = Int(try table.u16(4))
        var fallback: String?
        for index in 0..<count {
            let record = 6 + 12 * index
            let platform = try table.u16(record)
            let nameID = try table.u16(record + 6)
            guard nameID == 6 else { continue }
            let length = Int(try table.u16(record + 8))
            let offset = storage + Int(try table.u16(record + 10))
            guard let bytes = try? table.slice(offset, length) else { continue }
            switch platform {
            case 0, 3:
                let units = stride(from: bytes.startIndex, to: bytes.endIndex - 1, by: 2).map {
                    UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1])
                }
                let name = sanitized(String(decoding: units, as: UTF16.self))
                if !name.isEmpty { return name }
            case 1:
                fallback = sanitized(String(decoding: bytes, as: UTF8.self))
            default:
                continue
            }
        }
        return fallback.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// PDF names in a BaseFont must stay printable ASCII without delimiters or spaces.
    static func sanitized(_ name: String) -> String {
        let allowed = name.unicodeScalars.filter { scalar in
            scalar.value > 0x20 && scalar.value < 0x7F && !"()<>[]{}/%#".unicodeScalars.contains(scalar)
        }
        return String(String.UnicodeScalarView(allowed.prefix(63)))
    }
}
