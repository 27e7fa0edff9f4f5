import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// A bureau's division codes into the tree: checked whole, written whole, idempotent, and
/// a newer file told apart into what it adds, renames and no longer lists.
@Suite struct RegionImportTests {
    func importer(_ app: Application, _ username: String = "admin") async throws -> RegionImporter {
        RegionImporter(app.context(as: try await app.actor(username)))
    }

    /// The demo's own regions below 中原路街道 as a file (header first).
    func township(_ app: Application) async throws -> [[String]] {
        let rows = try await RegionModel.query(on: app.db).filter(\.$parentCode == "410902001000").sort(\.$id).all()
        return [["code", "name"], ["410902001", "中原路街道"]] + rows.map { [$0.id!, $0.name] }
    }

    @Test func theSameFileAgainChangesNothingAndANewerOneIsToldApart() async throws {
        try await withTestApp { app in
            let admin = try await importer(app)
            var table = try await township(app)
            let again = try await admin.run(table, commit: true)
            #expect(again.problems.isEmpty && again.added.isEmpty && again.changed.isEmpty && !again.committed)
            #expect(again.unchanged == table.count - 1 && again.unlisted.isEmpty)

            // The newer file: a village renamed, one no longer listed, a new community.
            let renamed = table[2][0]
            let dropped = table[3][0]
            table[2][1] = "中原路第一社区居民委员会"
            table.remove(at: 3)
            table.append(["410902001099", "新建社区居民委员会"])
            let preview = try await admin.run(table, commit: false)
            #expect(preview.added.map(\.code.value) == ["410902001099"] && preview.added[0].kind == .community)
            #expect(preview.changed.map(\.code.value) == [renamed] && preview.changed[0].was != "中原路第一社区居民委员会")
            #expect(preview.unlisted.map(\.id) == [dropped])
            #expect(!preview.committed)
            #expect(try await RegionModel.find("410902001099", on: app.db) == nil)

            let written = try await admin.run(table, commit: true)
            #expect(written.committed)
            #expect(try await RegionModel.find("410902001099", on: app.db)?.parentCode == "410902001000")
            #expect(try await RegionModel.find(renamed, on: app.db)?.name == "中原路第一社区居民委员会")
            // Not listed is not deleted: retiring a region takes a successor.
            #expect(try await RegionModel.find(dropped, on: app.db) != nil)
            let audit = try await AuditEntryModel.query(on: app.db).filter(\.$action == "region.import").all()
            #expect(audit.count == 1 && audit[0].detail == "added=1 changed=1 retired=0 unchanged=\(table.count - 3) unlisted=1")
            #expect(try await admin.run(table, commit: true).committed == false)
        }
    }

    @Test func aFileWithAnyProblemWritesNothing() async throws {
        try await withTestApp { app in
            let before = try await RegionModel.query(on: app.db).count()
            let report = try await importer(app).run(
                [["代码", "名称"], ["410902001098", "好的社区"], ["410902001097", ""], ["411002001", "上级不在的街道"]], commit: true)
            #expect(report.problems.map(\.code) == ["region_name_missing", "region_parent_missing"])
            #expect(!report.committed && report.added.count == 1)
            #expect(try await RegionModel.query(on: app.db).count() == before)
        }
    }

    @Test func onlyTheSystemAdministratorImportsAndAFileWithoutItsColumnsIsRefused() async throws {
        try await withTestApp { app in
            await #expect(throws: AppError(.forbidden, "region_import_forbidden")) {
                _ = try await importer(app, "county.410902").run([["code", "name"], ["410902001099", "新社区"]], commit: true)
            }
            await #expect(throws: AppError(.invalidInput, "import_columns_missing", field: "file", ["columns": "名称"])) {
                _ = try await importer(app).run([["code"], ["410902001099"]], commit: true)
            }
        }
    }
}
