import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport
import YanglaoXLSX

/// Eligibility under the list in force: per person with the facts, per item for a region with export.
@Suite struct EligibilityWebTests {
    @Test func aPersonsDecisionsAndTheListOfWhoIsEligibleWithExport() async throws {
        try await withTestApp { app in
            let village = try await app.token("village.410902001001")
            // 王大爷, born 1945, local household: 高龄津贴 yes; 低保 from the body: 低保 yes.
            let wang = try await ElderAPITests.createWang(app, token: village)
            var body = ""
            try await app.testing().test(.GET, "/api/v1/elders/\(wang.id)/eligibility", headers: .bearer(village)) { res in
                #expect(res.status == .ok)
                body = res.body.string
            }
            struct D: Decodable {
                let item: String
                let eligible: Bool
                let explanation: String
            }
            struct Listed: Decodable {
                let items: [D]
                let total: Int
            }
            let decisions = try JSONDecoder().decode(Listed.self, from: Data(body.utf8)).items
            let allowance = try #require(decisions.first { $0.item == "advanced_age_allowance" })
            #expect(allowance.eligible && allowance.explanation.contains("年满80周岁"))
            #expect(decisions.first { $0.item == "minimum_living_allowance" }?.eligible == true)
            #expect(decisions.first { $0.item == "disability_care_subsidy" }?.eligible == false)
            #expect(decisions.contains { $0.item == "meal_assistance" })  // the county's own item

            try await app.testing().test(.GET, "/api/v1/eligibility?item=advanced_age_allowance&region=410902001001", headers: .bearer(village)) {
                res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("王大爷") && res.body.string.contains("410902********1238"))
                #expect(!res.body.string.contains(ElderAPITests.wang))
            }
            try await app.testing().test(.GET, "/api/v1/eligibility?item=no_such_item", headers: .bearer(village)) { res in
                #expect(res.status == .notFound && res.body.string.contains("eligibility_rule_none"))
            }
            try await app.testing().test(.GET, "/api/v1/eligibility?item=advanced_age_allowance&region=410922000000", headers: .bearer(village)) {
                res in
                #expect(res.status == .forbidden)
            }
            try await app.testing().test(.GET, "/api/v1/eligibility", headers: .bearer(village)) { res in
                #expect(res.status == .badRequest)
            }

            // The console: the person's page explains, the list exports.
            let officer = Browser(app: app)
            try await officer.signIn("village.410902001001")
            let page = try await officer.get("/elders/\(wang.id)")
            #expect(page.body.contains("可享受的基本养老服务") && page.body.contains("高龄津贴"))
            let list = try await officer.get("/eligibility?item=advanced_age_allowance")
            #expect(list.status == .ok && list.body.contains("王大爷"))
            let xlsx = try await officer.get("/eligibility/export.xlsx?item=advanced_age_allowance")
            #expect(xlsx.status == .ok)
            let rows = try XLSXReader.rows(of: xlsx.data)
            #expect(rows.first?.first == "姓名")
            #expect(rows.contains { $0.first == "王大爷" })
        }
    }
}
