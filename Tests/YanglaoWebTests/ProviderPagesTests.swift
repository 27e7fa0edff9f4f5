import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// 服务商管理 through the console: apply with named problems, the county admits, registers a
/// worker, puts them on duty and downloads the settlement; others read or see nothing.
@Suite struct ProviderPagesTests {
    @Test func theCountyAdmitsAProviderRegistersAWorkerAndDownloadsTheSettlement() async throws {
        try await withTestApp { app in
            let county = Browser(app: app)
            try await county.signIn("county.410902")
            #expect(try await county.get("/providers").body.contains("没有符合条件的服务商"))
            _ = try await county.get("/providers/new")
            let bad = try await county.post(
                "/providers",
                form: [
                    "name": "颐康居家养老服务中心", "creditCode": "91350100M000100Y44",
                    "contactPhone": "0393-8881234", "address": "人民路1号", "county": "410902000000",
                    "serviceArea": "410902000000",
                ])
            #expect(bad.status == .badRequest && bad.body.contains("统一社会信用代码") && bad.body.contains("value=\"颐康居家养老服务中心\""))
            let made = try await county.post(
                "/providers",
                form: [
                    "name": "颐康居家养老服务中心", "creditCode": "91350100M000100Y43",
                    "contactPhone": "0393-8881234", "address": "人民路1号", "county": "410902000000",
                    "serviceTypes[]": "meal", "serviceArea": "410902001000 410902001001", "labels": "诚信商户",
                ])
            let location = try #require(made.headers.first(name: .location))
            let applied = try await county.get(location)
            #expect(applied.body.contains("待审核") && applied.body.contains("准予准入") && !applied.body.contains("name=\"skills[]\""))
            _ = try await county.post(location + "/decision", form: ["decision": "admit", "note": "材料齐全"])
            let admitted = try await county.get(location)
            #expect(admitted.body.contains("已准入") && admitted.body.contains("name=\"skills[]\"") && admitted.body.contains("暂停"))

            _ = try await county.post(
                location + "/workers", form: ["name": "护理员乙", "phone": "123", "skills[]": "meal", "latitude": "35.76", "longitude": "115.03"])
            #expect(try await county.get(location).body.contains("不是有效的手机号"))
            _ = try await county.post(
                location + "/workers",
                form: [
                    "name": "护理员乙", "phone": "13812345671", "skills[]": "meal",
                    "certificateLevel": "2", "latitude": "35.76", "longitude": "115.03",
                ])
            let listed = try await county.get(location)
            #expect(listed.body.contains("护理员乙") && listed.body.contains("138****5671") && listed.body.contains("四级/中级工"))
            let worker = try #require(try await WorkerModel.query(on: app.db).first())
            #expect(!worker.onDuty)
            _ = try await county.post(location + "/workers/\(worker.id!.uuidString)/duty", form: ["on": "1"])
            #expect(try await WorkerModel.find(worker.id, on: app.db)?.onDuty == true)
            let sheet = try await county.get(location + "/settlement.xlsx?month=2026-10")
            #expect(sheet.status == .ok && sheet.data.starts(with: [0x50, 0x4B]))
            #expect(try await county.get(location + "/settlement.xlsx?month=10月").status == .badRequest)

            // The hotline reads providers but decides nothing; a village sees none of the county's.
            let hotline = Browser(app: app)
            try await hotline.signIn("hotline")
            let read = try await hotline.get(location)
            #expect(read.status == .ok && !read.body.contains("准予准入") && !read.body.contains("name=\"skills[]\""))
            #expect(try await hotline.post(location + "/decision", form: ["decision": "suspend", "note": "x"]).status == .forbidden)
            let village = Browser(app: app)
            try await village.signIn("village.410902001001")
            #expect(try await village.get(location).status == .notFound)
            let family = Browser(app: app)
            try await family.signIn("elder")
            #expect(try await family.get("/providers").status == .forbidden)
        }
    }
}

extension ProviderPagesTests {
    /// Mode (a) through the console and the API: the county sets the mode and links the
    /// provider's administrator, who assigns the order on the 派单台.
    @Test func inProviderModeTheAdministratorAssignsOnTheDesk() async throws {
        try await withTestApp { app in
            let county = try await app.actor("county.410902")
            try await app.moveAccount("provider", to: "410902000000")
            let provider = try await app.admittedProvider(serving: ["meal"], area: ["410902000000"])
            let worker = try await app.worker(of: provider, phone: "13812345670")
            var person = ElderInput(citizenID: "410902194503151238", name: "王大爷", address: "中原路1号", regionCode: "410902001001")
            person.latitude = 35.7620
            person.longitude = 115.0290
            let elder = try await ElderService(app.context(as: county)).create(person)

            let officer = Browser(app: app)
            try await officer.signIn("county.410902")
            let list = try await officer.get("/providers")
            #expect(list.body.contains("派单模式") && list.body.contains("value=\"410902000000\""))
            _ = try await officer.post("/providers/dispatch-mode", form: ["county": "410902000000", "mode": "provider"])
            #expect(try await officer.get("/providers?county=410902000000").body.contains("派单模式已改为：先派服务商"))
            _ = try await officer.post("/providers/\(provider.id!.uuidString)/admin", form: ["username": "hotline"])
            #expect(try await officer.get("/providers/\(provider.id!.uuidString)").body.contains("不是本县（区）的服务商管理员账号"))
            _ = try await officer.post("/providers/\(provider.id!.uuidString)/admin", form: ["username": "provider"])

            let token = try await app.token("hotline")
            try await app.testing().test(.GET, "/api/v1/dispatch-modes/410902000000", headers: .bearer(token)) { res in
                #expect(res.status == .ok && res.body.string.contains("\"mode\":\"provider\""))
            }
            try await app.testing().test(
                .POST, "/api/v1/dispatch-modes/410902000000", headers: .bearer(token),
                beforeRequest: { req in
                    try req.content.encode(["mode": "worker"])
                }, afterResponse: { res in #expect(res.status == .forbidden) })
            var orderID = ""
            try await app.testing().test(
                .POST, "/api/v1/orders", headers: .bearer(token),
                beforeRequest: { req in
                    try req.content.encode(["elderId": elder.id!.uuidString, "serviceType": "meal", "channel": "phone"])
                },
                afterResponse: { res in
                    let json = try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any] ?? [:]
                    orderID = json["id"] as? String ?? ""
                    #expect(res.status == .created && json["providerId"] as? String == provider.id!.uuidString && json["workerId"] == nil)
                })

            let desk = Browser(app: app)
            try await desk.signIn("provider")
            let page = try await desk.get("/provider-desk")
            #expect(page.status == .ok && page.body.contains("王大爷") && page.body.contains("指派给 护理员甲") && page.body.contains("距离 334 m"))
            _ = try await desk.post("/provider-desk/\(orderID)", form: ["worker": worker.id!.uuidString])
            let after = try await desk.get("/provider-desk")
            #expect(after.body.contains("已指派") && after.body.contains("没有待指派的工单"))
            // The assigned order is among the provider's orders in progress, and its page opens for the provider.
            #expect(after.body.contains("本服务商进行中的工单") && after.body.contains("/orders/\(orderID)"))
            #expect(try await desk.get("/orders/\(orderID)").status == .ok)
            #expect(try await OrderModel.find(UUID(uuidString: orderID), on: app.db)?.workerID == worker.id)
            let providerToken = try await app.token("provider")
            try await app.testing().test(
                .POST, "/api/v1/orders/\(orderID)/assign", headers: .bearer(providerToken),
                beforeRequest: { req in
                    try req.content.encode(["workerId": worker.id!.uuidString])
                }, afterResponse: { res in #expect(res.status == .conflict && res.body.string.contains("order_not_awaiting_assignment")) })
            try await app.testing().test(.GET, "/api/v1/orders/to-assign", headers: .bearer(providerToken)) { res in
                #expect(res.status == .ok && res.body.string.contains("\"items\":[]") && res.body.string.contains("\"total\":0"))
            }
        }
    }
}
