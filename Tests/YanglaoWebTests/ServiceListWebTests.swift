import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// 基本养老服务清单 over HTTP and in the console; the public page needs no sign-in.
@Suite struct ServiceListWebTests {
    @Test func theListInForceIsPublicAndACountyCannotPublishALowerList() async throws {
        try await withTestApp { app in
            // Public: the demo's lists, no sign-in.
            let visitor = Browser(app: app)
            let index = try await visitor.get("/service-list")
            #expect(index.status == .ok && index.body.contains("华龙区基本养老服务清单") && index.body.contains("濮阳市基本养老服务清单"))
            let countyToken = try await app.token("county.410902")
            var inForce = ""
            try await app.testing().test(.GET, "/api/v1/service-lists/in-force?region=410902001001", headers: .bearer(countyToken)) { res in
                #expect(res.status == .ok)
                inForce = res.body.string
            }
            let id = try #require((try JSONSerialization.jsonObject(with: Data(inForce.utf8)) as? [String: Any])?["id"] as? String)
            let page = try await visitor.get("/service-list/\(id)")
            #expect(page.status == .ok && page.body.contains("老年助餐") && page.body.contains("每月 60 元"))

            // The API refuses a county list that lowers a city item, naming it.
            var items = ExampleServiceLists.county
            items[items.firstIndex { $0.code == "advanced_age_allowance" }!].standard = .yuan(20, per: .month)
            let body = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(items))
            let create = try JSONSerialization.data(withJSONObject: [
                "regionCode": "410902000000", "version": "2027版", "validFrom": "2027-01-01", "items": body,
            ])
            var created = ""
            try await app.testing().test(
                .POST, "/api/v1/service-lists", headers: .bearerJSON(countyToken), body: ByteBuffer(data: create),
                afterResponse: { res in
                    #expect(res.status == .created, "\(res.body.string)")
                    created = res.body.string
                })
            let draftID = try #require((try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: Any])?["id"] as? String)
            try await app.testing().test(.POST, "/api/v1/service-lists/\(draftID)/publish", headers: .bearer(countyToken)) { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("service_list_standard_lower") && res.body.string.contains("高龄津贴"))
            }
            // A draft is not public, and another county cannot see it.
            #expect(try await visitor.get("/service-list/\(draftID)").status == .notFound)
            try await app.testing().test(.GET, "/api/v1/service-lists/\(draftID)", headers: .bearer(try await app.token("county.410922"))) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(
                .POST, "/api/v1/service-lists", headers: .bearerJSON(try await app.token("village.410902001001")), body: ByteBuffer(data: create),
                afterResponse: { res in #expect(res.status == .forbidden) })
        }
    }

    @Test func anOfficerDraftsEditsAndPublishesInTheConsole() async throws {
        try await withTestApp { app in
            let officer = Browser(app: app)
            try await officer.signIn("county.410902")
            let manage = try await officer.get("/service-lists")
            #expect(manage.status == .ok && manage.body.contains("已发布"))
            let drafted = try await officer.post(
                "/service-lists/draft", form: ["regionCode": "410902000000", "version": "2027版", "validFrom": "2027-01-01"])
            let location = try #require(drafted.headers.first(name: .location))
            #expect(try await officer.get(location).body.contains("老年助餐"))

            // Lowering the 探访关爱 frequency below the city's is refused on publishing, with the item named.
            let lowered = try await officer.post(
                location + "/items",
                form: [
                    "code": "caring_visits", "category": "concern", "name": "探访关爱", "targetGroup": "独居老年人", "content": "上门探访",
                    "kind": "frequency", "value": "1", "period": "quarter", "note": "", "payer": "县级财政", "leadDepartment": "民政部门",
                ])
            #expect(lowered.status == .seeOther)
            let refused = try await officer.post(location + "/publish", form: [:])
            #expect(refused.status == .badRequest && refused.body.contains("探访关爱") && refused.body.contains("低于上级清单"))
            let badValue = try await officer.post(
                location + "/items",
                form: [
                    "code": "caring_visits", "category": "concern", "name": "探访关爱", "targetGroup": "独居老年人", "content": "上门探访",
                    "kind": "amount", "value": "12.345", "period": "month", "payer": "县级财政", "leadDepartment": "民政部门",
                ])
            #expect(badValue.status == .badRequest && badValue.body.contains("12.345"))
            _ = try await officer.post(
                location + "/items",
                form: [
                    "code": "caring_visits", "category": "concern", "name": "探访关爱", "targetGroup": "独居老年人", "content": "上门探访",
                    "kind": "frequency", "value": "3", "period": "month", "payer": "县级财政", "leadDepartment": "民政部门",
                ])
            let published = try await officer.post(location + "/publish", form: [:])
            #expect(published.status == .seeOther)
            let after = try await officer.get(location)
            #expect(after.body.contains("已发布") && after.body.contains("每月 3 次"))
        }
    }
}
