import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport
import YanglaoWeb

/// A city's first run without the demo: the city in the tree, the first administrator, and
/// a handed-out password that must be changed before anything else, over the API and in the console.
@Suite struct FirstRunTests {
    static let handedOut = "Start-pass-2026"

    func setUp(_ app: Application, regions: [[String]]? = nil) async throws -> UserModel {
        let outcome = try await FirstRun(app.context(as: .commandLine()), hasher: app.passwordHasher)
            .setUp(city: RegionCode(validated: "410900000000"), name: "濮阳市", regions: regions, admin: "admin", password: Self.handedOut)
        guard case .done(let admin, _) = outcome else { throw Abort(.internalServerError, reason: "setup refused: \(outcome)") }
        return admin
    }

    @Test func theCityAndItsProvinceAreCreatedOnceWithAnAdministratorWhoMustChangeThePassword() async throws {
        try await withTestApp(demo: false) { app in
            let admin = try await setUp(app)
            #expect(admin.roleValue == .systemAdmin && admin.regionCode == "410900000000" && admin.mustChangePassword == true)
            #expect(try await RegionModel.find("410000000000", on: app.db)?.name == "河南省")
            #expect(try await RegionModel.find("410900000000", on: app.db)?.parentCode == "410000000000")
            await #expect(throws: AppError(.conflict, "setup_already_done")) { _ = try await setUp(app) }
        }
        try await withTestApp(demo: false) { app in
            let run = FirstRun(app.context(as: .commandLine()), hasher: app.passwordHasher)
            await #expect(throws: AppError(.invalidInput, "setup_city_name_missing", field: "name", ["code": "410900000000"])) {
                _ = try await run.setUp(
                    city: RegionCode(validated: "410900000000"), name: nil, regions: nil, admin: "admin", password: Self.handedOut)
            }
            await #expect(throws: AppError(.invalidInput, "setup_city_level", field: "city", ["code": "410902000000"])) {
                _ = try await run.setUp(
                    city: RegionCode(validated: "410902000000"), name: "华龙区", regions: nil, admin: "admin", password: Self.handedOut)
            }
            let regions = try await RegionModel.query(on: app.db).count()
            #expect(regions == 0)
        }
    }

    @Test func aRegionsFileBelowTheCityIsImportedWithItAndOneWithAProblemWritesNothing() async throws {
        try await withTestApp(demo: false) { app in
            let run = FirstRun(app.context(as: .commandLine()), hasher: app.passwordHasher)
            let bad = [["代码", "名称"], ["410902", "华龙区"], ["410902001", ""]]
            let refused = try await run.setUp(
                city: RegionCode(validated: "410900000000"), name: "濮阳市", regions: bad, admin: "admin", password: Self.handedOut)
            guard case .refused(let problems) = refused else { throw Abort(.internalServerError, reason: "not refused") }
            #expect(problems.map(\.code) == ["region_name_missing"])
            let (regions, users) = (try await RegionModel.query(on: app.db).count(), try await UserModel.query(on: app.db).count())
            #expect(regions == 0 && users == 0)

            _ = try await setUp(app, regions: [["代码", "名称"], ["410902", "华龙区"], ["410902001", "中原路街道"], ["410902001001", "中原路社区"]])
            let codes = try await RegionModel.query(on: app.db).sort(\.$id).all().compactMap(\.id)
            #expect(codes == ["410000000000", "410900000000", "410902000000", "410902001000", "410902001001"])
        }
    }

    @Test func overTheAPIOnlyThePasswordChangeIsOpenUntilItIsDone() async throws {
        try await withTestApp(demo: false) { app in
            _ = try await setUp(app)
            let token = try await app.token("admin", password: Self.handedOut)
            try await app.testing().test(.GET, "/api/v1/regions/410900000000", headers: .bearer(token)) { res in
                #expect(res.status == .forbidden && res.body.string.contains("password_change_required"))
            }
            try await app.testing().test(.GET, "/api/v1/me", headers: .bearer(token)) { res in
                #expect(res.status == .ok && res.body.string.contains(#""mustChangePassword":true"#))
            }
            for (json, code) in [
                (#"{"current":"wrong-pass-2026","password":"Own-choice-77"}"#, "password_current_wrong"),
                (#"{"current":"Start-pass-2026","password":"short"}"#, "password_too_short"),
                (#"{"current":"Start-pass-2026","password":"Start-pass-2026"}"#, "password_unchanged"),
            ] {
                try await app.testing().test(
                    .POST, "/api/v1/me/password", headers: .bearerJSON(token), body: ByteBuffer(string: json),
                    afterResponse: { res in
                        #expect(res.status == .badRequest && res.body.string.contains(code), "\(json): \(res.body.string)")
                    })
            }
            try await app.testing().test(
                .POST, "/api/v1/me/password", headers: .bearerJSON(token),
                body: ByteBuffer(string: #"{"current":"Start-pass-2026","password":"Own-choice-77"}"#),
                afterResponse: { res in #expect(res.status == .noContent) })
            // Every token ended with the old password; the new one signs in and opens the rest.
            try await app.testing().test(.GET, "/api/v1/me", headers: .bearer(token)) { res in #expect(res.status == .unauthorized) }
            let fresh = try await app.token("admin", password: "Own-choice-77")
            try await app.testing().test(.GET, "/api/v1/regions/410900000000", headers: .bearer(fresh)) { res in
                #expect(res.status == .ok)
            }
            let audit = try await AuditEntryModel.query(on: app.db).filter(\.$action == "user.change_password").count()
            #expect(audit == 1)
        }
    }

    @Test func inTheConsoleEveryPageLeadsToThePasswordFormUntilItIsChanged() async throws {
        try await withTestApp(demo: false) { app in
            _ = try await setUp(app)
            let admin = Browser(app: app)
            try await admin.signIn("admin", password: Self.handedOut)
            let home = try await admin.get("/")
            #expect(home.status == .seeOther && home.headers.first(name: .location) == "/account/password")
            #expect(try await admin.get("/admin/users").headers.first(name: .location) == "/account/password")
            let form = try await admin.get("/account/password")
            #expect(form.status == .ok && form.body.contains("id=\"password-required\""))
            let mismatch = try await admin.post(
                "/account/password", form: ["current": Self.handedOut, "password": "Own-choice-77", "confirm": "Own-choice-78"])
            #expect(mismatch.status == .badRequest && mismatch.body.contains("两次输入的新密码不一致"))
            let changed = try await admin.post(
                "/account/password", form: ["current": Self.handedOut, "password": "Own-choice-77", "confirm": "Own-choice-77"])
            #expect(changed.status == .seeOther && changed.headers.first(name: .location) == "/")
            // The session carries on, signed in afresh; the pages are open now.
            let users = try await admin.get("/admin/users")
            #expect(users.status == .ok && users.body.contains("密码已修改"))
        }
    }
}
