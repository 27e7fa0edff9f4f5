import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// Accounts in bulk from the console: checked, confirmed, their one-time passwords shown once.
@Suite struct UserImportPagesTests {
    @Test func anAdministratorChecksConfirmsAndSeesThePasswordsOnce() async throws {
        try await withTestApp { app in
            let browser = Browser(app: app)
            try await browser.signIn("admin")
            #expect(try await browser.get("/admin/users").body.contains("/admin/users/import"))
            let bad = try await browser.upload(
                "/admin/users/import", fileName: "bad.csv", bytes: Array("用户名,姓名,角色,区划代码\nnew.one,新人,county_officer,410902001001\n".utf8))
            #expect(bad.body.contains("id=\"user-import-problems\"") && !bad.body.contains("/commit\""))
            let good = try await browser.upload(
                "/admin/users/import", fileName: "good.csv",
                bytes: Array("用户名,姓名,角色,区划代码\nnew.village,新村干部,village_officer,410902001001\n".utf8))
            #expect(good.body.contains("new.village") && !good.body.contains("id=\"user-import-done\""))
            #expect(try await UserModel.query(on: app.db).filter(\.$username == "new.village").first() == nil)
            let id = try #require(good.body.firstMatch(of: /users\/import\/([0-9A-F-]{36})\/commit/)?.1)
            let done = try await browser.post("/admin/users/import/\(id)/commit", form: [:])
            #expect(done.status == .ok && done.body.contains("id=\"user-import-done\""))
            let user = try #require(try await UserModel.query(on: app.db).filter(\.$username == "new.village").first())
            #expect(user.mustChangePassword == true && user.regionCode == "410902001001")
            // The password on the page signs in (and must then be changed).
            let password = try #require(done.body.firstMatch(of: /<td class="code">([A-Za-z0-9]{14}[0-9]{2})<\/td>/)?.1)
            let token = try await app.token("new.village", password: String(password))
            #expect(!token.isEmpty)
            #expect(try await browser.post("/admin/users/import/\(id)/commit", form: [:]).status == .conflict)

            let officer = Browser(app: app)
            try await officer.signIn("county.410902")
            #expect(try await officer.get("/admin/users/import").status == .forbidden)
        }
    }
}
