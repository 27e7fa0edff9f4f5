import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import YanglaoCore
import YanglaoTestSupport

@testable import YanglaoStore

@Suite struct ElderImportTests {
    /// Good rows, and one bad row of each kind the register must refuse.
    static let csv = """
        身份证号*,姓名*,所属村（社区）代码*,联系电话,住址,人员类别,是否本地户籍,紧急联系人,联系人电话,纬度,经度,备注
        18位身份证号（15位旧号自动升级）,姓名,12位村（社区）统计用区划代码,,,,,,,,,
        410902194503151238,王秀兰,410902001001,13812345678,中原路1号,低保、独居,是,王强,13912345678,35.76,115.03,
        410928193602290048,李桂芝,410902001002,,"胜利路2号,3单元",,否,,,,,
        410902194503151237,错校验,410902001001,,,,,,,,,
        ,无号码,410902001001,,,,,,,,,
        410922192611010025,,410902001001,,,,,,,,,
        410902195807085510,区划错,410902009001,,,,,,,,,
        410902195807085510,外县,410922001001,,,,,,,,,
        41090219450230123X,日期错,410902001001,,,,,,,,,
        410902450315123,旧号码重复,410902001001,,,,,,,,,
        41092319500101001X,坐标错,410902001001,,,,,,,north,115,
        41092319500101001X,户籍错,410902001001,,,,也许,,,,,
        41092319500101001X,类别错,410902001001,,,高龄,,,,,,
        """

    func importer(_ app: Application, _ username: String) async throws -> ElderImporter {
        ElderImporter(
            service: ElderService(
                app.context(as: try await app.actor(username), today: People.today)))
    }

    @Test func goodRowsImportBadRowsAreReportedAndASecondImportChangesNothing() async throws {
        try await withTestApp { app in
            let sheet = try ImportFile.sheet(from: Array(Self.csv.utf8))
            #expect(sheet.ignoredHeaders == ["备注"])
            let importer = try await importer(app, "county.410902")
            let preview = try await importer.run(sheet, fileName: "a.csv", commit: false)
            #expect((preview.new, preview.updated, preview.unchanged, preview.rejected) == (2, 0, 0, 10))
            #expect(try await ElderModel.query(on: app.db).count() == 0)  // a preview writes nothing

            let first = try await importer.run(sheet, fileName: "a.csv", commit: true)
            #expect(first.committed && first.new == 2)
            let problems = first.problems.map { "\($0.row) \($0.column) \($0.error.code)" }
            #expect(
                problems == [
                    "5 身份证号* citizen_id_check", "6 身份证号* required", "7 姓名* required",
                    "8 所属村（社区）代码* region_not_found", "9 所属村（社区）代码* region_forbidden",
                    "10 身份证号* citizen_id_birth_date", "11 身份证号* citizen_id_repeated_in_file",
                    "12 纬度 number_invalid", "13 是否本地户籍 yes_no_invalid", "14 人员类别 category_derived",
                ])
            #expect(first.warnings.map(\.error.code) == ["citizen_id_upgraded"])
            let wang = try #require(try await ElderModel.query(on: app.db).filter(\.$name == "王秀兰").first())
            #expect(wang.latitude == 35.76 && wang.phoneMasked == "138****5678")
            #expect(try await ElderCategoryModel.query(on: app.db).count() == 2)
            #expect(try await ElderContactModel.query(on: app.db).count() == 1)

            let updatedAt = wang.updatedAt
            let second = try await importer.run(sheet, fileName: "a.csv", commit: true)
            #expect((second.new, second.updated, second.unchanged) == (0, 0, 2))
            #expect(try await ElderModel.query(on: app.db).filter(\.$name == "王秀兰").first()?.updatedAt == updatedAt)
            #expect(try await ElderCategoryModel.query(on: app.db).count() == 2)

            // A changed cell is an update, and only that person changes.
            let changed = try ImportFile.sheet(from: Array(Self.csv.replacingOccurrences(of: "中原路1号", with: "中原路9号").utf8))
            let third = try await importer.run(changed, fileName: "b.csv", commit: true)
            #expect((third.new, third.updated, third.unchanged) == (0, 1, 1))
            #expect(try await ElderModel.query(on: app.db).filter(\.$name == "王秀兰").first()?.address == "中原路9号")
            #expect(try await ElderCategoryModel.query(on: app.db).count() == 2)
            #expect(try await ElderContactModel.query(on: app.db).count() == 1)
            #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "elder.import").count() == 3)
        }
    }

    /// A first load into an empty register drops the secondary indexes and builds them
    /// once at the end; the rows and the indexes come out the same as row by row.
    @Test func aBulkLoadEndsWithEveryIndexInPlace() async throws {
        try await withTestApp { app in
            let sql = app.db as! any SQLDatabase
            func indexes() async throws -> [String] {
                if case .postgres = TestDatabase.location { return [] }
                return try await sql.raw("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name").all()
                    .map { try $0.decode(column: "name", as: String.self) }
            }
            let before = try await indexes()
            #expect(before.isEmpty || before.contains("elders_mark_update"))  // empty: PostgreSQL
            var importer = try await importer(app, "county.410902")
            let county = importer.service
            #expect(try await county.stats(of: RegionCode(validated: "410902000000")).total == 0)
            importer.bulkLoadThreshold = 1
            importer.batchSize = 1
            let report = try await importer.run(try ImportFile.sheet(from: Array(Self.csv.utf8)), fileName: "a.csv", commit: true)
            #expect(report.new == 2)
            #expect(try await indexes() == before)
            #expect(try await ElderModel.query(on: app.db).count() == 2)
            #expect(try await ElderCategoryModel.query(on: app.db).count() == 2)
            #expect(try await ElderContactModel.query(on: app.db).count() == 1)
            // The load ran without the triggers that mark changed villages; the statistics still see it.
            #expect(try await county.stats(of: RegionCode(validated: "410902000000")).total == 2)
            // A load writes its rows in the order of their lookup hashes (so that index grows at
            // one end), and their ids increase in that order.
            let people = try await ElderModel.query(on: app.db).all().sorted { $0.idHash < $1.idHash }
            #expect(people.count == 2)
            #expect(people[0].id!.uuidString < people[1].id!.uuidString)
        }
    }

    /// Rows are written in the byte order of their hashes, also where hashes share their
    /// first eight bytes, are shorter than eight, or are empty.
    @Test func hashOrderIsTheByteOrderOfTheHashes() {
        let hashes = ["b", "abcdefgh2", "abcdefgh10", "", "abcdefgh", "ab", "Zz", "abcdefgh1", "é", "a"]
        let order = ElderImporter.hashOrder(hashes)
        #expect(order.map { hashes[$0] } == hashes.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(order.map { hashes[$0] } == ["", "Zz", "a", "ab", "abcdefgh", "abcdefgh1", "abcdefgh10", "abcdefgh2", "b", "é"])
        #expect(ElderImporter.hashOrder([]).isEmpty)
    }

    /// A load that died with the indexes dropped gets them back at the next start.
    @Test func indexesDroppedByAnInterruptedLoadComeBackOnStart() async throws {
        try await withTestApp { app in
            if case .postgres = TestDatabase.location { return }
            let sql = app.db as! any SQLDatabase
            func count() async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM sqlite_master WHERE type IN ('index', 'trigger')").first()!.decode(
                    column: "n", as: Int.self)
            }
            let before = try await count()
            try await BulkLoadIndexes.suspend(tables: [ElderModel.schema, ElderCategoryModel.schema], on: app.db)
            #expect(try await count() < before)
            try await DatabaseSetup.migrate(app, location: TestDatabase.location)
            #expect(try await count() == before)
            #expect(try await BulkLoadIndexes.pending(on: app.db).isEmpty)
        }
    }

    @Test func aVillageOfficerCannotImportPeopleOfAnotherVillage() async throws {
        try await withTestApp { app in
            let sheet = try ImportFile.sheet(from: Array(Self.csv.utf8))
            let result = try await importer(app, "village.410902001002").run(sheet, fileName: "a.csv", commit: true)
            #expect(result.new == 1)  // only 李桂芝 lives in 410902001002
            #expect(result.problems.contains { $0.row == 3 && $0.error.code == "region_forbidden" })
            // And a person registered elsewhere is not overwritten from outside.
            let other = try await importer(app, "village.410902001001").run(
                try ImportFile.sheet(from: Array("身份证号,姓名,区划代码\n410928193602290048,冒名,410902001001\n".utf8)), fileName: "b.csv", commit: true)
            #expect(other.problems.map(\.error.code) == ["citizen_id_registered_elsewhere"])
            #expect(try await ElderModel.query(on: app.db).filter(\.$name == "冒名").count() == 0)
        }
    }

    @Test func gb18030AndXLSXFilesReadLikeUTF8() async throws {
        let gb = try #require(TextDecoding.encode(Self.csv))
        #expect(try TextDecoding.decode(gb).encoding == .gb18030)
        let viaGB = try ImportFile.table(from: gb)
        #expect(viaGB == (try ImportFile.table(from: Array(Self.csv.utf8))))
        let xlsx = try XLSXExport.data(sheetName: "名单", rows: viaGB)
        #expect(try ImportFile.table(from: Array(xlsx)) == viaGB)
    }

    @Test func fileLevelProblemsAreClear() {
        #expect(throws: AppError(.invalidInput, "import_columns_missing", field: "file", ["columns": "姓名、所属村（社区）代码"])) {
            try ImportFile.sheet(from: Array("身份证号,电话\n".utf8))
        }
        #expect(throws: AppError(.invalidInput, "import_file_empty", field: "file")) { try ImportFile.sheet(from: []) }
        #expect(throws: AppError(.invalidInput, "import_csv_quote", field: "file", ["line": "2"])) {
            try ImportFile.sheet(from: Array("身份证号,姓名,区划代码\n\"4109,王\n".utf8))
        }
        #expect(throws: AppError(.invalidInput, "import_xlsx_invalid", field: "file")) { try ImportFile.table(from: [0x50, 0x4B, 0x03, 0x04, 0, 0]) }
    }
}
