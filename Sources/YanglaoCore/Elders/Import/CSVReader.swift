/// RFC 4180 CSV as spreadsheets write it: fields in double quotes may hold commas, quotes
/// (doubled) and line breaks; lines end in CRLF or LF. Tab-separated text is read too when
/// the header line has tabs and no commas.
///
/// A large file is read on all cores: one quick pass over the bytes finds where rows start
/// (outside quotes) about every `chunkBytes`, then the pieces between are read at once.
public enum CSVReader {
    public struct Problem: Error, Sendable, Equatable {
        /// 1-based line where a quoted field was left open.
        public let line: Int
    }

    public static func rows(_ text: String, chunkBytes: Int = 1 << 20) throws(Problem) -> [[String]] {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let separator: UInt8 = firstLine.contains("\t") && !firstLine.contains(",") ? 0x09 : 0x2C
        let bytes = Array(text.utf8)
        let starts = try rowStarts(bytes, separator: separator, every: max(1, chunkBytes))
        let pieces = zip(starts, starts.dropFirst() + [bytes.count]).map { $0..<$1 }
        if pieces.count == 1 { return read(bytes, pieces[0], separator: separator) }
        return ParallelMap.blocking(pieces.count) { read(bytes, pieces[$0], separator: separator) }.flatMap { $0 }
    }

    /// Offsets where a row begins, the first 0 and then about every `every` bytes, each
    /// right after a line break outside quotes; the same states as `read`, without the cells.
    static func rowStarts(_ bytes: [UInt8], separator: UInt8, every: Int) throws(Problem) -> [Int] {
        var starts = [0]
        var quoted = false
        var afterQuote = false
        var fieldEmpty = true
        var line = 1
        var openedAt = 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 {
                        i += 2
                        continue
                    }
                    quoted = false
                    afterQuote = true
                } else if b == 0x0A {
                    line += 1
                }
                i += 1
                continue
            }
            switch b {
            case 0x22 where fieldEmpty && !afterQuote:
                quoted = true
                openedAt = line
            case separator:
                fieldEmpty = true
                afterQuote = false
            case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
                break
            case 0x0A, 0x0D:
                fieldEmpty = true
                afterQuote = false
                line += 1
                if i + 1 - starts[starts.count - 1] >= every, i + 1 < bytes.count { starts.append(i + 1) }
            default:
                fieldEmpty = false
            }
            i += 1
        }
        if quoted { throw Problem(line: openedAt) }
        return starts
    }

    /// The rows of `range`, which begins a row and ends a file or a row, with no quote left open.
    static func read(_ bytes: [UInt8], _ range: Range<Int>, separator: UInt8) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var afterQuote = false
        let end = range.upperBound
        var i = range.lowerBound
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
        while i < end {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < end, bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 2
                        continue
                    }
                    quoted = false
                    afterQuote = true
                } else {
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case 0x22 where field.isEmpty && !afterQuote:
                quoted = true
            case separator:
                endField()
            case 0x0D where i + 1 < end && bytes[i + 1] == 0x0A:
                break
            case 0x0A, 0x0D:
                endRow()
            default:
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return rows
    }
}
