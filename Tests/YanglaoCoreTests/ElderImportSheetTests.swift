import Testing
import YanglaoCore

@Suite struct ElderImportSheetTests {
    @Test func everyColumnHasItsOwnSlotInCaseOrder() {
        #expect(ElderImportColumn.allCases.map(\.slot) == Array(0..<ElderImportColumn.allCases.count))
    }

    @Test func cellsAreReadByHeaderWhateverTheColumnOrder() throws {
        let table = [
            ["联系电话", "人员类别", "姓名", "身份证号", "所属村（社区）代码", "纬度"],
            ["13812345678", "低保、独居", " 王秀兰 ", "410902194503151238", "410902001001", "北纬"],
        ]
        let sheet = try ElderImportSheet(table: table)
        let row = try #require(sheet.rows.first)
        #expect(row.number == 2)
        #expect(row.input.name == "王秀兰" && row.input.citizenID == "410902194503151238" && row.input.phone == "13812345678")
        #expect(row.input.regionCode == "410902001001")
        #expect(row.input.categories?.map(\.category) == ["低保", "独居"])
        #expect(row.input.latitude == nil && row.input.contacts == nil)
        #expect(row.problems.map(\.column) == ["纬度"])
        #expect(row.problems.first?.error.code == "number_invalid")
    }

    /// Rows are read in chunks side by side; a long file keeps its order, its row numbers,
    /// and skips blank lines wherever they fall.
    @Test func aLongFileKeepsItsRowsInOrder() throws {
        var table = [["姓名", "身份证号", "所属村（社区）代码"]]
        for i in 0..<10_000 { table.append(i % 1_000 == 999 ? ["", " ", ""] : ["人\(i)", "", ""]) }
        let sheet = try ElderImportSheet(table: table)
        #expect(sheet.rows.count == 9_990)
        #expect(sheet.rows.map(\.number) == (2...10_001).filter { ($0 - 2) % 1_000 != 999 })
        #expect(sheet.rows.map(\.input.name) == (0..<10_000).filter { $0 % 1_000 != 999 }.map { "人\($0)" })
    }

    @Test func parallelMapKeepsTheOrderOfItsItems() async throws {
        let squares = await ParallelMap.map(Array(0..<200)) { $0 * $0 }
        #expect(squares == (0..<200).map { $0 * $0 })
        #expect(ParallelMap.blocking(50) { $0 + 1 } == Array(1...50))
        #expect(ParallelMap.blocking(0) { $0 }.isEmpty)
        struct Odd: Error {}
        await #expect(throws: Odd.self) {
            _ = try await ParallelMap.map([2, 4, 5, 6]) { n throws -> Int in
                if n % 2 == 1 { throw Odd() }
                return n
            }
        }
    }
}
