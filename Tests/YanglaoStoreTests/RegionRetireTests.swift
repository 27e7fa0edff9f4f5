import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// 撤并: a region merged into a successor takes its people, accounts and open work along,
/// keeps its own history, and leaves the tree the statistics read.
@Suite struct RegionRetireTests {
    func changes(_ app: Application) async throws -> RegionChanges {
        RegionChanges(app.context(as: try await app.actor("admin")))
    }

    /// The tiny demo city with its people, providers and a history of orders.
    func populate(_ app: Application) async throws {
        let builder = DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher)
        try await builder.buildElders(on: app.db, protection: app.dataProtection)
        try await builder.buildProviders(on: app.db, protection: app.dataProtection)
        try await builder.buildOrderHistory(on: app.db)
    }

    func count(_ table: String, _ column: String = "region_code", is code: String, _ app: Application, extra: String = "") async throws -> Int {
        let sql = try #require(app.db as? any SQLDatabase)
        let row = try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: column) = \(bind: code) \(unsafeRaw: extra)")
            .first()
        return try row!.decode(column: "n", as: Int.self)
    }

    @Test func aVillageRetiredMovesItsPeopleAccountsAndOpenWorkButNotItsHistory() async throws {
        try await withTestApp { app in
            try await populate(app)
            let (old, successor) = ("410902001002", "410902001001")
            let people = try await count("elders", is: old, app)
            let staying = try await count("elders", is: successor, app)
            let open = OrderStatus.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ",")
            let closed = try await count("service_orders", is: old, app, extra: "AND status NOT IN (\(open))")
            #expect(people > 0 && closed > 0)
            let retired = try await changes(app).retire(try RegionCode(old), into: try RegionCode(successor))
            #expect(retired.isRetired && retired.successorCode == successor)

            #expect(try await count("elders", is: old, app) == 0)
            #expect(try await count("elders", is: successor, app) == people + staying)
            #expect(try await count("elders", "former_region_code", is: old, app) == people)
            #expect(try await count("elder_categories", is: old, app) == 0)
            #expect(try await UserModel.query(on: app.db).filter(\.$username == "village.\(old)").first()?.regionCode == successor)
            // Finished orders stay where they were served; nothing open is left behind.
            #expect(try await count("service_orders", is: old, app) == closed)
            #expect(try await count("service_orders", is: old, app, extra: "AND status IN (\(open))") == 0)
            #expect(try await count("devices", is: old, app) == 0)

            // The tree the pages and statistics read no longer has it; its own page still resolves.
            let township = try await app.context(as: try await app.actor("admin")).scoped.regionSummary(try RegionCode("410902001000"))
            #expect(!township.children.contains { $0.id == old })
            let audit = try await AuditEntryModel.query(on: app.db).filter(\.$action == "region.retire").all()
            #expect(audit.map(\.recordID) == [old] && audit[0].detail == "successor=\(successor)")
        }
    }

    static func refusal(_ changes: RegionChanges, _ code: String, _ successor: String) async throws -> String? {
        do {
            _ = try await changes.retire(try RegionCode(code), into: try RegionCode(successor))
            return nil
        } catch let error as AppError { return error.code }
    }

    @Test func retiringIsRefusedWithTheReason() async throws {
        try await withTestApp { app in
            let admin = try await changes(app)
            func refusal(_ code: String, _ successor: String) async throws -> String? {
                try await Self.refusal(admin, code, successor)
            }
            #expect(try await refusal("410902001000", "410902002000") == "region_retire_children")
            #expect(try await refusal("410902001002", "410902001000") == "region_successor_invalid")
            #expect(try await refusal("410902001002", "410902001002") == "region_successor_invalid")
            #expect(try await refusal("410902001002", "410902001077") == "region_successor_missing")
            #expect(try await refusal("410900000000", "410900000000") == "region_level_not_retirable")
            _ = try await admin.retire(try RegionCode("410902001002"), into: try RegionCode("410902001001"))
            #expect(try await refusal("410902001002", "410902001001") == "region_retired")
            #expect(try await refusal("410902002001", "410902001002") == "region_successor_retired")
            // Only a system administrator changes the tree.
            let county = RegionChanges(app.context(as: try await app.actor("county.410902")))
            await #expect(throws: AppError.self) { try await county.retire(try RegionCode("410902002002"), into: try RegionCode("410902002001")) }
        }
    }

    @Test func aFileRetiresATownshipWithItsVillagesAndTheSameFileAgainChangesNothing() async throws {
        try await withTestApp { app in
            try await populate(app)
            let importer = RegionImporter(app.context(as: try await app.actor("admin")))
            let people = try await count("elders", is: "410902001001", app) + count("elders", is: "410902001002", app)
            // 中原路街道 merged into 胜利路街道: its two communities into a new one there and into an existing one.
            let table = [
                ["代码", "名称", "并入代码"],
                ["410902001000", "中原路街道", "410902002000"],
                ["410902001001", "中原路第一社区", "410902002099"],
                ["410902001002", "中原路第二社区", "410902002001"],
                ["410902002099", "中原新社区居民委员会", ""],
            ]
            let check = try await importer.run(table, commit: false)
            #expect(check.problems.isEmpty && check.retired.count == 3 && check.added.count == 1 && !check.committed)
            #expect(try await RegionModel.find("410902001000", on: app.db)?.isRetired == false)

            let written = try await importer.run(table, commit: true)
            #expect(written.committed)
            #expect(try await count("elders", "former_region_code", is: "410902001001", app) > 0)
            #expect(
                try await count("elders", is: "410902002099", app) + count("elders", "former_region_code", is: "410902001002", app) == people)
            #expect(try await UserModel.query(on: app.db).filter(\.$username == "township.410902001").first()?.regionCode == "410902002000")

            let again = try await importer.run(table, commit: true)
            #expect(again.problems.isEmpty && again.retired.isEmpty && again.added.isEmpty && !again.committed)

            // A township alone, its villages left where they were: refused, naming the row.
            let alone = try await importer.run([["代码", "名称", "并入"], ["410902100000", "民通镇", "410902002000"]], commit: true)
            #expect(alone.problems.map(\.code) == ["region_retire_children"] && alone.problems[0].line == 2 && !alone.committed)
        }
    }
}
