import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// Officers' accounts in bulk: checked whole, created whole with passwords that must be
/// changed, and the same file again changes nothing.
@Suite struct AccountImportTests {
    let header = ["用户名", "姓名", "角色", "区划代码"]

    func importer(_ app: Application, _ username: String = "admin") async throws -> AccountImporter {
        AccountImporter(
            app.context(as: try await app.actor(username)), hasher: app.passwordHasher, roleNames: ["村（社区）级管理员": .villageOfficer])
    }

    @Test func aFileCreatesItsAccountsOnceWithPasswordsThatMustBeChanged() async throws {
        try await withTestApp { app in
            let table = [
                header,
                ["county.b.410902", "华龙区民政局乙", "county_officer", "410902"],
                ["village.b.410902001001", "中原路社区乙", "村（社区）级管理员", "410902001001"],
            ]
            let preview = try await importer(app).run(table, commit: false)
            #expect(preview.created.map(\.username) == ["county.b.410902", "village.b.410902001001"] && !preview.committed)
            #expect(try await UserModel.query(on: app.db).filter(\.$username == "county.b.410902").first() == nil)

            let made = try await importer(app).run(table, commit: true)
            #expect(made.committed && made.created.count == 2)
            let village = try #require(try await UserModel.query(on: app.db).filter(\.$username == "village.b.410902001001").first())
            #expect(village.roleValue == .villageOfficer && village.regionCode == "410902001001" && village.mustChangePassword == true)
            #expect(try await app.passwordHasher.verify(made.created[1].password, against: village.passwordHash))

            let again = try await importer(app).run(table, commit: true)
            #expect(again.created.isEmpty && again.unchanged == 2 && again.problems.isEmpty && !again.committed)
        }
    }

    @Test func everyBadRowIsNamedAndNothingIsCreated() async throws {
        try await withTestApp { app in
            let before = try await UserModel.query(on: app.db).count()
            let report = try await importer(app).run(
                [
                    header,
                    ["fine.410902", "好的", "county_officer", "410902"],
                    ["Bad Name", "甲", "county_officer", "410902"],
                    ["nobody.1", "乙", "超级管理员", "410902"],
                    ["village.x", "丙", "village_officer", "410902"],
                    ["fine.410902", "丁", "county_officer", "410902"],
                    ["county.410902", "另一个名字", "county_officer", "410902"],
                    ["gone.1", "戊", "county_officer", "411002"],
                ], commit: true)
            #expect(
                report.problems.map { "\($0.line) \($0.column) \($0.code)" } == [
                    "3 用户名 username_invalid", "4 角色 role_unknown", "5 角色 role_level_mismatch", "6 用户名 username_repeated",
                    "7 用户名 username_taken", "8 区划代码 region_not_found",
                ])
            #expect(!report.committed)
            #expect(try await UserModel.query(on: app.db).count() == before)
            await #expect(throws: AppError(.forbidden, "admin_only")) {
                _ = try await importer(app, "county.410902").run([header, ["a.b.c", "甲", "village_officer", "410902001001"]], commit: true)
            }
        }
    }

    @Test func aPhoneColumnIsCheckedSealedAndMasked() async throws {
        try await withTestApp { app in
            let bad = try await importer(app).run(
                [header + ["手机号"], ["village.c.410902001001", "中原路社区丙", "village_officer", "410902001001", "12345"]], commit: true)
            #expect(bad.problems.map(\.code) == ["phone_invalid"] && bad.problems[0].column == "手机号" && !bad.committed)
            let made = try await importer(app).run(
                [header + ["手机号"], ["village.c.410902001001", "中原路社区丙", "village_officer", "410902001001", "13812345678"]], commit: true)
            #expect(made.committed)
            let user = try #require(try await UserModel.query(on: app.db).filter(\.$username == "village.c.410902001001").first())
            #expect(user.phoneMasked == "138****5678" && user.phoneCipher?.contains("13812345678") == false)
            #expect(try app.dataProtection.open(try #require(user.phoneCipher)) == "13812345678")
        }
    }
}
