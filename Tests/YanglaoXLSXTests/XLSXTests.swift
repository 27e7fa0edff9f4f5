import Foundation
import Testing

@testable import YanglaoXLSX

@Suite struct XLSXReaderTests {
    static func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "xlsx"))
        return try Data(contentsOf: url)
    }

    /// What both fixtures hold (see Fixtures/make_fixtures.py); the empty fourth row stays empty.
    static let expected: [[String]] = [
        ["身份证号*", "姓名*", "所属村（社区）代码*", "联系电话", "纬度", "入网日期", "人员类别", "备注"],
        ["410902194503151238", "王秀兰", "410902001001", "13812345678", "35.7612", "2024-01-05", "低保、独居", "a & b <c>"],
        ["410928193602290048", "李 桂芝", "410902001002", "", "", "2023-12-31", "", "第二行"],
        [],
        ["11010519491231002x", "赵\"引号\"", "", "13912345678", "", "2020/3/1", "", "TRUE"],
    ]

    @Test(arguments: ["openpyxl", "libreoffice"])
    func workbooksWrittenByOtherProgramsReadAsTheyLook(_ name: String) throws {
        let rows = try XLSXReader.rows(of: try Self.fixture(name))
        #expect(rows.count == Self.expected.count)
        for (got, want) in zip(rows, Self.expected) {
            // Trailing empty cells are not significant.
            var trimmed = got
            while trimmed.last == "" { trimmed.removeLast() }
            var wanted = want
            while wanted.last == "" { wanted.removeLast() }
            #expect(trimmed == wanted, "\(name)")
        }
    }

    @Test func whatWeWriteReadsBackTheSame() throws {
        let rows = [["身份证号", "备注"], ["410902194503151238", "<&> \"引号\" 换\n行"], ["", "第三行"], ["0012", "=1+1"]]
        let data = try XLSXWriter.data(sheetName: "导入问题", rows: rows, columnWidths: [22, 30])
        #expect(try XLSXReader.rows(of: data) == rows)
    }

    @Test func notAWorkbookIsSaidPlainly() {
        #expect(throws: XLSXReader.Problem.notAWorkbook) { try XLSXReader.rows(of: Data("身份证号,姓名\n".utf8)) }
    }

    @Test func columnNamesAndSerialDates() {
        #expect(
            XLSXWriter.columnName(0) == "A" && XLSXWriter.columnName(25) == "Z" && XLSXWriter.columnName(26) == "AA"
                && XLSXWriter.columnName(702) == "AAA")
        #expect(columnIndex("AB12") == 27 && columnIndex("A1") == 0)
        #expect(SheetParser.date(fromSerial: 45296) == "2024-01-05")
        #expect(SheetParser.date(fromSerial: 60) == "1900-02-29" || SheetParser.date(fromSerial: 60) == "1900-03-01")
        #expect(SheetParser.date(fromSerial: 1) == "1900-01-01")
        #expect(StylesParser.isDateFormat("yyyy\\-mm\\-dd") && !StylesParser.isDateFormat("0.00") && !StylesParser.isDateFormat("\"d\"0"))
    }
}
