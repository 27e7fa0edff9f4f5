/// RFC 4180 CSV as spreadsheets write it: fields in double quotes may hold commas, quotes
/// (doubled) and line breaks; lines end in CRLF or LF. Tab-separated text is read too when
/// the header line has tabs and no commas.
public enum CSVReader {
    public struct Problem: Error, Sendable, Equatable {
        /// 1-based line where a quoted field was left open.
        public let line: Int
    }

    public static func rows(_ text: String) throws(Problem) -> [[String]] {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let separator: UInt8 = firstLine.contains("\t") && !firstLine.contains(",") ? 0x09 : 0x2C
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var afterQuote = false
        var line = 1
        var openedAt = 1
        let bytes = Array(text.utf8)
        var i = 0
        func endField() {
            row.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            afterQuote = false
        }
        func endRow() {
            endField()
            // Skip lines that are wholly empty (a trailing newline, blank lines).
            if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
            row = []
        }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                    quoted = false
                    afterQuote = true
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case 0x22 where field.isEmpty && !afterQuote:
                quoted = true
                openedAt = line
            case separator:
                endField()
            case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
                break
            case 0x0A, 0x0D:
                endRow()
                line += 1
            default:
                field.append(b)
            }
            i += 1
        }
        if quoted { throw Problem(line: openedAt) }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return rows
    }
}
