import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoTestSupport

@Suite struct DiscoveryAPITests {
    @Test func aDeathFeedOverHTTPMarksThePersonDeceasedAndTheVillageSeesTheWorkItem() async throws {
        try await withTestApp { app in
            let village = try await app.token("village.410902001001")
            let made = try await ElderAPITests.createWang(app, token: village)
            let city = try await app.token("city")
            let csv = "身份证号,事件,日期,说明\n\(ElderAPITests.wang),死亡,2026-11-20,医院\n410922192611010025,死亡,2026-11-20,\n"
            try await app.testing().test(
                .POST, "/api/v1/feeds/public_security", headers: .bearer(city),
                beforeRequest: { req in
                    req.headers.contentType = HTTPMediaType(type: "text", subType: "csv")
                    req.body = ByteBuffer(string: csv)
                },
                afterResponse: { res in
                    #expect(res.status == .ok, "\(res.body.string)")
                    #expect(
                        res.body.string.contains("\"matched\":1") && res.body.string.contains("\"unmatched\":1")
                            && res.body.string.contains("\"workItems\":1"))
                })
            try await app.testing().test(.GET, "/api/v1/elders/\(made.id)", headers: .bearer(village)) { res in
                #expect(res.body.string.contains("\"status\":\"deceased\""))
            }
            var itemID = ""
            try await app.testing().test(.GET, "/api/v1/work-items", headers: .bearer(village)) { res in
                struct P: Decodable {
                    struct I: Decodable {
                        let id: String
                        let kind: String
                        let applied: String
                    }
                    let items: [I]
                    let total: Int
                }
                let page = try res.content.decode(P.self)
                #expect(page.total == 1 && page.items[0].kind == "verify_death" && page.items[0].applied == "status=deceased")
                itemID = page.items.first?.id ?? ""
            }
            try await app.testing().test(
                .POST, "/api/v1/work-items/\(itemID)", headers: .bearer(try await app.token("village.410902001002")),
                beforeRequest: { req in
                    try req.content.encode(["status": "done"])
                }, afterResponse: { res in #expect(res.status == .notFound) })
            try await app.testing().test(
                .POST, "/api/v1/work-items/\(itemID)", headers: .bearer(village),
                beforeRequest: { req in
                    try req.content.encode(["status": "done", "note": "已核实"])
                }, afterResponse: { res in #expect(res.status == .ok && res.body.string.contains("\"status\":\"done\"")) })
            try await app.testing().test(.GET, "/api/v1/feeds/unmatched", headers: .bearer(city)) { res in
                #expect(res.body.string.contains("\"total\":1") && res.body.string.contains("410922********0025"))
            }
            // Villages cannot send feeds; unknown sources are 404.
            try await app.testing().test(
                .POST, "/api/v1/feeds/health", headers: .bearer(village),
                beforeRequest: { req in
                    try req.content.encode(["records": [[String: String]]()])
                }, afterResponse: { res in #expect(res.status == .forbidden) })
            try await app.testing().test(
                .POST, "/api/v1/feeds/tax", headers: .bearer(city),
                beforeRequest: { req in
                    try req.content.encode(["records": [[String: String]]()])
                }, afterResponse: { res in #expect(res.status == .notFound) })
        }
    }
}
