import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// Adding, renaming and retiring regions over the API and on the region page.
@Suite struct RegionChangesWebTests {
    func call(_ app: Application, _ method: HTTPMethod, _ path: String, _ token: String, _ json: String) async throws -> (HTTPStatus, String) {
        var answer: (HTTPStatus, String) = (.ok, "")
        try await app.testing().test(method, path, headers: .bearerJSON(token), body: ByteBuffer(string: json)) { res in
            answer = (res.status, res.body.string)
        }
        return answer
    }

    @Test func anAdministratorAddsRenamesAndRetiresOthersAreRefused() async throws {
        try await withTestApp { app in
            let admin = try await app.token("admin")
            var (status, body) = try await call(app, .POST, "/api/v1/regions", admin, #"{"code":"410902001099","name":"新建社区居民委员会"}"#)
            #expect(status == .created && body.contains(#""kind":"community""#), "\(body)")
            (status, body) = try await call(app, .POST, "/api/v1/regions", admin, #"{"code":"410902001099","name":"又一个"}"#)
            #expect(status == .conflict && body.contains("region_exists"))
            (status, body) = try await call(app, .POST, "/api/v1/regions", admin, #"{"code":"410902077001","name":"上级不存在"}"#)
            #expect(status == .badRequest && body.contains("region_parent_missing"))
            (status, body) = try await call(app, .PATCH, "/api/v1/regions/410902001099", admin, #"{"name":"  "}"#)
            #expect(status == .badRequest && body.contains("region_name_missing"))
            (status, body) = try await call(app, .PATCH, "/api/v1/regions/410902001099", admin, #"{"name":"中原新社区"}"#)
            #expect(status == .ok && body.contains("中原新社区"))

            // A person of the village that is merged: moved, and their page says where they were.
            let token = try await app.token("village.410902001002")
            let person = try await ElderAPITests.create(
                app, token: token, ElderAPITests.body(ElderAPITests.wang, name: "王大爷", region: "410902001002")
            ).id
            (status, body) = try await call(app, .POST, "/api/v1/regions/410902001002/retire", admin, #"{"successor":"410902001099"}"#)
            #expect(status == .ok && body.contains(#""successorCode":"410902001099""#), "\(body)")
            (status, body) = try await call(app, .POST, "/api/v1/regions/410902001002/retire", admin, #"{"successor":"410902001001"}"#)
            #expect(status == .conflict && body.contains("region_retired"))
            (status, body) = try await call(app, .POST, "/api/v1/regions/410902001001/retire", admin, #"{"successor":"4109"}"#)
            #expect(status == .badRequest)

            let moved = try #require(try await ElderModel.find(person, on: app.db))
            #expect(moved.regionCode == "410902001099" && moved.formerRegionCode == "410902001002")
            let browser = Browser(app: app)
            try await browser.signIn("county.410902")
            let page = try await browser.get("/elders/\(person)")
            #expect(page.body.contains("原属") && page.body.contains("410902001002") && page.body.contains("撤并"), "\(page.body)")

            let county = try await app.token("county.410902")
            (status, body) = try await call(app, .PATCH, "/api/v1/regions/410902001001", county, #"{"name":"改名"}"#)
            #expect(status == .forbidden && body.contains("region_change_forbidden"))
        }
    }

    @Test func theRegionPageOffersTheChangesToAnAdministratorOnlyAndAsksBeforeRetiring() async throws {
        try await withTestApp { app in
            let browser = Browser(app: app)
            try await browser.signIn("admin")
            let page = try await browser.get("/regions/410902001002")
            #expect(page.body.contains("id=\"retire-form\"") && page.body.contains("value=\"410902001001\""))
            // Without the confirmation nothing happens.
            let unconfirmed = try await browser.post("/regions/410902001002/retire", form: ["successor": "410902001001"])
            #expect(unconfirmed.status == .seeOther)
            #expect(try await RegionModel.find("410902001002", on: app.db)?.isRetired == false)
            let confirmed = try await browser.post("/regions/410902001002/retire", form: ["successor": "410902001001", "confirm": "yes"])
            #expect(confirmed.status == .seeOther)
            let after = try await browser.get("/regions/410902001002")
            #expect(after.body.contains("id=\"region-retired\"") && !after.body.contains("id=\"retire-form\""))
            let township = try await browser.get("/regions/410902001000")
            #expect(!township.body.contains("/regions/410902001002\""))

            let added = try await browser.post("/regions/410902001000/children", form: ["newCode": "410902001050", "name": "新村村民委员会"])
            #expect(added.headers.first(name: .location) == "/regions/410902001050")
            let renamed = try await browser.post("/regions/410902001050/rename", form: ["name": "新村"])
            let name = try await RegionModel.find("410902001050", on: app.db)?.name
            #expect(renamed.status == .seeOther && name == "新村")

            let officer = Browser(app: app)
            try await officer.signIn("county.410902")
            let officerPage = try await officer.get("/regions/410902001001")
            #expect(!officerPage.body.contains("id=\"retire-form\""))
        }
    }

    @Test func aRegionFileIsCheckedOnThePageAndWrittenOnlyWhenConfirmed() async throws {
        try await withTestApp { app in
            let browser = Browser(app: app)
            try await browser.signIn("admin")
            let start = try await browser.get("/regions/import")
            #expect(start.status == .ok && start.body.contains("enctype=\"multipart/form-data\""))
            let bad = try await browser.upload(
                "/regions/import", fileName: "bad.csv", bytes: Array("代码,名称\n410902001098,\n410902001097,好社区\n".utf8))
            #expect(bad.body.contains("id=\"region-import-problems\"") && bad.body.contains("缺少区划名称") && !bad.body.contains("/commit\""))
            let good = try await browser.upload(
                "/regions/import", fileName: "good.csv",
                bytes: Array("代码,名称,并入代码\n410902001097,好社区,\n410902001002,建设路社区,410902001001\n".utf8))
            #expect(good.body.contains("id=\"region-import-retired\"") && good.body.contains("好社区"))
            #expect(try await RegionModel.find("410902001097", on: app.db) == nil)
            let id = try #require(good.body.firstMatch(of: /regions\/import\/([0-9A-F-]{36})\/commit/)?.1)
            let done = try await browser.post("/regions/import/\(id)/commit", form: [:])
            #expect(done.status == .seeOther)
            #expect(try await RegionModel.find("410902001097", on: app.db) != nil)
            #expect(try await RegionModel.find("410902001002", on: app.db)?.isRetired == true)
            // The same upload again: already written.
            let again = try await browser.post("/regions/import/\(id)/commit", form: [:])
            #expect(again.status == .conflict)

            let officer = Browser(app: app)
            try await officer.signIn("county.410902")
            #expect(try await officer.get("/regions/import").status == .forbidden)
        }
    }
}
