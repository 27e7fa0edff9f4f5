import Testing

@testable import YanglaoCore

@Suite struct CSVReaderTests {
    /// Quoted commas, doubled quotes, line breaks inside quotes, CRLF, a lone CR, blank lines,
    /// an empty quoted field, a stray quote inside a field and no final line break.
    static let text =
        "姓名,地址,备注\r\n王秀兰,\"华龙区,胜利路 1 号\",\"说\"\"你好\"\"\"\r\n\r\n"
        + "李建国,\"两行\n地址\",\"\"\n\n张三,ab\"c,\r赵四,\"a\r\nb\",末尾"

    static let expected = [
        ["姓名", "地址", "备注"],
        ["王秀兰", "华龙区,胜利路 1 号", "说\"你好\""],
        ["李建国", "两行\n地址", ""],
        ["张三", "ab\"c", ""],
        ["赵四", "a\r\nb", "末尾"],
    ]

    @Test func quotedFieldsLineBreaksAndBlankLinesAreRead() throws {
        #expect(try CSVReader.rows(Self.text) == Self.expected)
    }

    /// Read in pieces of every size down to one byte, the rows are the same: pieces start
    /// only where a row starts, never inside quotes or between CR and LF.
    @Test func readingInPiecesGivesTheSameRows() throws {
        for size in [1, 2, 3, 5, 8, 13, 40, 1 << 20] {
            #expect(try CSVReader.rows(Self.text, chunkBytes: size) == Self.expected, "pieces of \(size) bytes")
        }
        let starts = try CSVReader.rowStarts(Array(Self.text.utf8), separator: 0x2C, every: 1)
        #expect(starts.count == 7)  // after each of the 6 line breaks outside quotes but the last, and 0
    }

    @Test func aQuoteLeftOpenNamesTheLineItOpenedOnInPiecesToo() {
        let text = "a,b\n1,2\n3,\"open\n4,5\n"
        for size in [1, 1 << 20] {
            #expect(throws: CSVReader.Problem(line: 3)) { try CSVReader.rows(text, chunkBytes: size) }
        }
    }

    @Test func tabsSeparateWhenTheHeaderHasTabsAndNoCommas() throws {
        #expect(try CSVReader.rows("姓名\t地址\n王,五\t村\n", chunkBytes: 4) == [["姓名", "地址"], ["王,五", "村"]])
    }
}
