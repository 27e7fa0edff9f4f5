import Testing
import YanglaoCore

/// A bureau's file of division codes: every row checked, kinds from code and name, parents
/// from the database or the file.
@Suite struct RegionFileTests {
    let known: Set<String> = ["410000000000", "410900000000"]

    func read(_ rows: [[String]]) throws -> RegionFile {
        try RegionFile(table: [["统计用区划代码", "名称", "上级代码", "城乡分类代码"]] + rows) { known.contains($0.value) }
    }

    @Test func codesInFullOrBySignificantDigitsParentsFirstAndKindsFromCodeAndName() throws {
        let file = try read([
            ["410902001001", "中原路社区居民委员会", "410902001", "111"],
            ["410902001", "中原路街道", "410902", ""],
            ["410902", "华龙区", "4109", ""],
            ["410971", "河南濮阳工业园区", "", ""],
            ["410971400", "濮阳工业园区管理委员会", "", ""],
            ["410902203", "孟轲乡", "", ""],
            ["410902203201", "后孟轲村民委员会", "", "220"],
        ])
        #expect(file.problems.isEmpty)
        #expect(
            file.rows.map(\.code.value) == [
                "410902000000", "410971000000", "410902001000", "410902203000", "410971400000", "410902001001", "410902203201",
            ])
        let kinds = Dictionary(uniqueKeysWithValues: file.rows.map { ($0.code.value, $0.kind) })
        #expect(kinds["410902000000"] == .county)
        #expect(kinds["410971000000"] == .developmentZone)
        #expect(kinds["410902001000"] == .street)
        #expect(kinds["410902203000"] == .township)
        #expect(kinds["410971400000"] == .specialTownship)
        #expect(kinds["410902001001"] == .community)
        #expect(kinds["410902203201"] == .village)
        #expect(file.rows.first { $0.code.value == "410902203201" }?.urbanRural == "220")
    }

    @Test func aNameThatSaysWhatItIsWinsOverTheCodesRange() {
        #expect(RegionKinds.kind(of: RegionCode(validated: "410928100000"), named: "城关镇") == .town)
        #expect(RegionKinds.kind(of: RegionCode(validated: "410928210000"), named: "城关镇") == .town)
        #expect(RegionKinds.kind(of: RegionCode(validated: "410928210000"), named: "某某") == .township)
        #expect(RegionKinds.kind(of: RegionCode(validated: "410928450000"), named: "国营农场") == .specialTownship)
        #expect(RegionKinds.kind(of: RegionCode(validated: "410928100201"), named: "城关社区") == .community)
    }

    @Test func everyBadRowIsNamedWithItsLineAndColumn() throws {
        let file = try read([
            ["41090200100", "错位", "", ""],
            ["410902", "", "", ""],
            ["410902", "华龙区", "410800", ""],
            ["410923", "南乐县", "", ""],
            ["410923", "南乐县", "", ""],
            ["410923100", "城关镇", "", "12"],
            ["411002001", "魏都区的街道", "", ""],
            ["410924100", "上级被拒的镇", "", ""],
            ["410924", "", "", ""],
        ])
        let found = file.problems.map { "\($0.line) \($0.column) \($0.code)" }
        #expect(
            found == [
                "2 统计用区划代码 region_code_invalid",
                "3 名称 region_name_missing",
                "4 上级代码 region_parent_mismatch",
                "6 统计用区划代码 region_code_repeated",
                "7 城乡分类代码 region_urban_rural_invalid",
                "8 统计用区划代码 region_parent_missing",
                "9 统计用区划代码 region_parent_missing",
                "10 名称 region_name_missing",
            ])
        #expect(file.rows.map(\.code.value) == ["410923000000"])
    }

    @Test func aFileWithoutTheCodeOrNameColumnIsRefusedAsAWhole() {
        #expect(throws: RegionFile.FileProblem.missingColumns(["名称"])) {
            try RegionFile(table: [["代码"], ["410902"]]) { _ in true }
        }
        #expect(throws: RegionFile.FileProblem.empty) { try RegionFile(table: []) { _ in true } }
        #expect(throws: RegionFile.FileProblem.duplicateColumn("code")) {
            try RegionFile(table: [["代码", "名称", "code"]]) { _ in true }
        }
    }
}
