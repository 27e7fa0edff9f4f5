import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// The register's console pages, through the real session, CSRF and templates.
@Suite struct ElderPageTests {
    @Test func anOfficerAddsAPersonSeesMaskedListAndAnAuditedFullRecord() async throws {
        try await withTestApp { app in
            let browser = Browser(app: app)
            try await browser.signIn("village.410902001001")
            let empty = try await browser.get("/elders")
            #expect(empty.status == .ok && empty.body.contains("没有符合条件的老年人"))

            _ = try await browser.get("/elders/new")
            // Several mistakes at once: each shown at its field, the typed values kept.
            let bad = try await browser.post(
                "/elders",
                form: [
                    "citizenId": "410902194503151237", "name": "", "regionCode": "410902001001",
                    "phone": "12345", "contactName0": "王强", "contactPhone0": "",
                ])
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("校验位错误") && bad.body.contains("此项必填") && bad.body.contains("不是有效的手机号"))
            #expect(bad.body.contains("value=\"410902194503151237\"") && bad.body.contains("aria-invalid=\"true\""))

            let made = try await browser.post(
                "/elders",
                form: [
                    "citizenId": "410902194503151238", "name": "王大爷", "address": "\"><script>alert(1)</script>",
                    "regionCode": "410902001001", "phone": "13812345678", "categories[]": "minimum_living",
                    "contactName0": "王强", "contactRelation0": "儿子", "contactPhone0": "13912345678",
                ])
            #expect(made.status == .seeOther, "\(made.body)")
            let location = try #require(made.headers.first(name: .location))

            let list = try await browser.get("/elders")
            #expect(list.body.contains("410902********1238") && list.body.contains("138****5678"))
            #expect(!list.body.contains("410902194503151238") && !list.body.contains("13812345678"))
            #expect(list.body.contains("低保") && list.body.contains("高龄"))

            let person = try await browser.get(location)
            #expect(person.status == .ok && person.body.contains("410902194503151238") && person.body.contains("13912345678"))
            #expect(person.body.contains("查看完整信息已记录"))
            #expect(!person.body.contains("<script>alert(1)") && person.body.contains("&lt;script&gt;"))
            #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "elder.read").count() == 1)

            // Death is recorded from the person's page; the edit button goes away.
            let dead = try await browser.post(location + "/status", form: ["status": "deceased", "date": "2026-11-01", "note": "病故"])
            #expect(dead.status == .seeOther)
            let after = try await browser.get(location)
            #expect(after.body.contains("已死亡") && !after.body.contains("/edit\""))
        }
    }

    @Test func anotherVillageGets404AndRolesWithoutAccessGet403() async throws {
        try await withTestApp { app in
            let owner = Browser(app: app)
            try await owner.signIn("village.410902001001")
            _ = try await owner.get("/elders/new")
            let made = try await owner.post("/elders", form: ["citizenId": "410902194503151238", "name": "王大爷", "regionCode": "410902001001"])
            let location = try #require(made.headers.first(name: .location))

            let other = Browser(app: app)
            try await other.signIn("village.410902001002")
            #expect(try await other.get(location).status == .notFound)
            #expect(try await other.get(location + "/edit").status == .notFound)
            #expect(!(try await other.get("/elders").body.contains("王大爷")))
            let change = try await other.post(location, form: ["name": "改名", "citizenId": "410902194503151238", "regionCode": "410902001002"])
            #expect(change.status == .notFound)

            let worker = Browser(app: app)
            try await worker.signIn("worker")
            #expect(try await worker.get("/elders").status == .forbidden)
        }
    }
}

@Suite struct ElderImportWizardTests {
    static let csv = """
        身份证号,姓名,所属村（社区）代码,联系电话,备注
        410902194503151238,王秀兰,410902001001,13812345678,
        410928193602290048,李桂芝,410902001002,,
        410902194503151237,错校验,410902001001,,
        """

    @Test func uploadPreviewCommitAndResult() async throws {
        try await withTestApp { app in
            let browser = Browser(app: app)
            try await browser.signIn("county.410902")
            let start = try await browser.get("/elders/import")
            #expect(start.status == .ok && start.body.contains("上传并检查"))

            let preview = try await browser.upload("/elders/import", fileName: "名单.csv", bytes: try #require(TextDecoding.encode(Self.csv)))
            #expect(preview.status == .ok, "\(preview.body)")
            #expect(preview.body.contains("校验位错误") && preview.body.contains("以下列不认识，已忽略：备注"))
            #expect(try await ElderModel.query(on: app.db).count() == 0)
            let uploadRow = try #require(try await ImportUploadModel.query(on: app.db).first())
            #expect(uploadRow.content?.contains("410902194503151238") == false)

            let id = uploadRow.id!.uuidString
            let list = try await browser.get("/elders/import/\(id)/problems.csv")
            #expect(list.body.contains("citizen_id_check"))

            let committed = try await browser.post("/elders/import/\(id)/commit", form: [:])
            #expect(committed.status == .seeOther)
            var result = try await browser.get("/elders/import/\(id)")
            for _ in 0..<100 where !result.body.contains("导入完成") {
                try await Task.sleep(for: .milliseconds(50))
                result = try await browser.get("/elders/import/\(id)")
            }
            #expect(result.body.contains("导入完成"), "\(result.body)")
            #expect(try await ElderModel.query(on: app.db).count() == 2)
            #expect(try await ImportUploadModel.find(uploadRow.id, on: app.db)?.content == nil)
            // A second commit of the same upload is refused.
            #expect(try await browser.post("/elders/import/\(id)/commit", form: [:]).status == .conflict)

            // Someone else cannot see the upload.
            let other = Browser(app: app)
            try await other.signIn("township.410902001")
            #expect(try await other.get("/elders/import/\(id)").status == .notFound)
        }
    }
}

@Suite struct WorkItemPageTests {
    @Test func theVillageSeesAndClosesTheWorkItemOfADeathFeed() async throws {
        try await withTestApp { app in
            let token = try await app.token("village.410902001001")
            _ = try await ElderAPITests.createWang(app, token: token)
            try await app.testing().test(
                .POST, "/api/v1/feeds/public_security", headers: .bearer(try await app.token("city")),
                beforeRequest: { req in
                    try req.content.encode(["records": [["citizenId": ElderAPITests.wang, "event": "death", "date": "2026-11-20"]]])
                }, afterResponse: { res in #expect(res.status == .ok) })
            let browser = Browser(app: app)
            try await browser.signIn("village.410902001001")
            let page = try await browser.get("/work-items")
            #expect(page.body.contains("核实死亡") && page.body.contains("王大爷") && page.body.contains("已自动处理：status=deceased"))
            let id = try #require(page.body.range(of: "action=\"/work-items/").map { String(page.body[$0.upperBound...].prefix(36)) })
            let closed = try await browser.post("/work-items/\(id)", form: ["status": "done", "note": "已核实"])
            #expect(closed.status == .seeOther)
            #expect(try await browser.get("/work-items").body.contains("没有待办事项"))
            #expect(try await browser.get("/work-items?status=done").body.contains("已核实"))
            let other = Browser(app: app)
            try await other.signIn("village.410902001002")
            #expect(!(try await other.get("/work-items?status=all").body.contains("王大爷")))
        }
    }
}

@Suite struct FamilyViewTests {
    @Test func aFamilyAccountSeesOnlyItsBoundPeopleNeverTheRegister() async throws {
        try await withTestApp { app in
            let officer = try await app.token("village.410902001001")
            let wang = try await ElderAPITests.createWang(app, token: officer)
            let li = try await ElderAPITests.create(app, token: officer, ElderAPITests.body(ElderAPITests.li, name: "李奶奶", region: "410902001001"))
            try await app.testing().test(
                .POST, "/api/v1/elders/\(wang.id)/family", headers: .bearer(officer),
                beforeRequest: { req in
                    try req.content.encode(["username": "elder", "relation": "儿子"])
                }, afterResponse: { res in #expect(res.status == .created, "\(res.body.string)") })
            // Only family accounts can be bound, and only once.
            try await app.testing().test(
                .POST, "/api/v1/elders/\(wang.id)/family", headers: .bearer(officer),
                beforeRequest: { req in
                    try req.content.encode(["username": "worker", "relation": "儿子"])
                }, afterResponse: { res in #expect(res.status == .badRequest && res.body.string.contains("family_account_required")) })
            try await app.testing().test(
                .POST, "/api/v1/elders/\(wang.id)/family", headers: .bearer(officer),
                beforeRequest: { req in
                    try req.content.encode(["username": "elder", "relation": "儿子"])
                }, afterResponse: { res in #expect(res.status == .conflict) })

            let family = try await app.token("elder")
            try await app.testing().test(.GET, "/api/v1/family/elders", headers: .bearer(family)) { res in
                #expect(res.body.string.contains("王大爷") && !res.body.string.contains("李奶奶") && res.body.string.contains("\"total\":1"))
            }
            try await app.testing().test(.GET, "/api/v1/family/elders/\(wang.id)", headers: .bearer(family)) { res in
                #expect(res.status == .ok && res.body.string.contains(ElderAPITests.wang))
            }
            for path in ["/api/v1/family/elders/\(li.id)", "/api/v1/elders/\(wang.id)"] {
                try await app.testing().test(.GET, path, headers: .bearer(family)) { res in
                    #expect(res.status == .notFound || res.status == .forbidden, "\(path)")
                }
            }
            try await app.testing().test(.GET, "/api/v1/elders", headers: .bearer(family)) { res in #expect(res.status == .forbidden) }

            let browser = Browser(app: app)
            try await browser.signIn("elder")
            let page = try await browser.get("/family")
            #expect(page.body.contains("我的家人") && page.body.contains("王大爷") && !page.body.contains("李奶奶"))
            let detail = try await browser.get("/family/\(wang.id)")
            // The family reads the ID number masked, without the officers' audit warning or the region code.
            #expect(detail.status == .ok && detail.body.contains("410902********1238") && !detail.body.contains(ElderAPITests.wang))
            #expect(!detail.body.contains("变更在册状态") && !detail.body.contains("410902001001"))
            #expect(try await browser.get("/elders").status == .forbidden)
        }
    }
}
