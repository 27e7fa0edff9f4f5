import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// 人工报警 on the hotline's pages: find the caller, raise the alarm, land on its handling page.
@Suite struct AlarmPagesTests {
    @Test func theHotlineFindsTheCallerAndRaisesAnAlarmByHand() async throws {
        try await withTestApp { app in
            let elder = try await AlarmsAPITests().person(app)
            let console = Browser(app: app)
            try await console.signIn("hotline")
            #expect(try await console.get("/alarms").body.contains("href=\"/alarms/new\""))
            let found = try await console.get("/alarms/new?q=13812345678")
            #expect(found.status == .ok && found.body.contains("王大爷") && found.body.contains("/alarms/new?elder=\(elder.id!.uuidString)"))
            let form = try await console.get("/alarms/new?elder=\(elder.id!.uuidString)")
            #expect(form.body.contains("value=\"fallDown\"") && !form.body.contains("value=\"deviceOffline\""))
            // A type only a device can send, and an empty description, are refused with the reason.
            let wrongType = try await console.post("/alarms", form: ["elder": elder.id!.uuidString, "type": "deviceOffline", "detail": "老人说手表没电了"])
            #expect(wrongType.status == .seeOther && wrongType.headers.first(name: .location) == "/alarms/new?elder=\(elder.id!.uuidString)")
            #expect(try await console.get(wrongType.headers.first(name: .location)!).body.contains("热线不能人工登记"))
            let empty = try await console.post("/alarms", form: ["elder": elder.id!.uuidString, "type": "manual", "detail": "  "])
            #expect(try await console.get(empty.headers.first(name: .location)!).body.contains("请填写情况说明"))
            #expect(try await AlarmModel.query(on: app.db).count() == 0)

            let raised = try await console.post("/alarms", form: ["elder": elder.id!.uuidString, "type": "fallDown", "detail": "女儿来电：老人在卫生间摔倒"])
            let location = try #require(raised.headers.first(name: .location))
            let alarm = try #require(try await AlarmModel.query(on: app.db).first())
            #expect(location == "/alarms/\(alarm.id!.uuidString)" && alarm.source == "hotline" && alarm.typeValue == .fallDown)
            #expect(alarm.priority == AlarmPriority.high.rawValue && alarm.elderID == elder.id)
            let page = try await console.get(location)
            #expect(page.body.contains("已登记报警") && page.body.contains("女儿来电：老人在卫生间摔倒") && page.body.contains("跌倒"))
            #expect(page.body.contains("健康状况") && page.body.contains("平台上没有此人的能力评估或健康信息"))

            // Another county's operator does not find the person, and cannot raise for them.
            let other = Browser(app: app)
            try await other.signIn("county.410922")
            #expect(try await other.get("/alarms/new?q=13812345678").body.contains("本区域没有找到这位老人"))
            let refused = try await other.post("/alarms", form: ["elder": elder.id!.uuidString, "type": "manual", "detail": "来电"])
            #expect(refused.status == .notFound)
            #expect(try await AlarmModel.query(on: app.db).count() == 1)
        }
    }

    /// 体征报警阈值 over the API and on the person's page, next to the person's devices.
    @Test func aPersonsLimitsAreSetOverTheAPIAndOnTheirPage() async throws {
        try await withTestApp { app in
            let elder = try await AlarmsAPITests().person(app)
            let id = elder.id!.uuidString
            let hotline = try await app.token("hotline")
            try await app.testing().test(.GET, "/api/v1/elders/\(id)/thresholds", headers: .bearer(hotline)) { res in
                #expect(res.status == .ok && res.body.string.contains("\"heartRateLow\":45"))
            }
            let limits = ["heartRateLow": 38, "heartRateHigh": 110, "systolicLow": 85, "systolicHigh": 170, "spo2Low": 88]
            try await app.testing().test(
                .PUT, "/api/v1/elders/\(id)/thresholds", headers: .bearer(hotline),
                beforeRequest: { req in
                    try req.content.encode(limits)
                },
                afterResponse: { res in
                    #expect(res.status == .ok && res.body.string.contains("\"systolicHigh\":170"), "\(res.body.string)")
                })
            try await app.testing().test(
                .PUT, "/api/v1/elders/\(id)/thresholds", headers: .bearer(hotline),
                beforeRequest: { req in
                    try req.content.encode(["heartRateLow": 120, "heartRateHigh": 110, "systolicLow": 85, "systolicHigh": 170, "spo2Low": 88])
                },
                afterResponse: { res in
                    #expect(res.status == .badRequest && res.body.string.contains("heartRateLow"))
                })
            try await app.testing().test(
                .PUT, "/api/v1/elders/\(id)/thresholds", headers: .bearer(try await app.token("county.410922")),
                beforeRequest: { req in
                    try req.content.encode(limits)
                },
                afterResponse: { res in
                    #expect(res.status == .notFound)
                })
            try await app.testing().test(.GET, "/api/v1/elders/\(id)/thresholds", headers: .bearer(hotline)) { res in
                #expect(res.body.string.contains("\"heartRateLow\":38"))
            }

            let register = ElderService(app.context(as: try await app.actor("hotline")))
            _ = try await DeviceService(register.context).register(DeviceInput(serial: "WATCH-42", type: "watch", elderId: elder.id!))
            let officer = Browser(app: app)
            try await officer.signIn("village.410902001001")
            let page = try await officer.get("/elders/\(id)")
            #expect(page.body.contains("WATCH-42") && page.body.contains("name=\"heartRateLow\"") && page.body.contains("value=\"38\""))
            let saved = try await officer.post(
                "/elders/\(id)/thresholds",
                form: [
                    "heartRateLow": "40", "heartRateHigh": "115", "systolicLow": "85",
                    "systolicHigh": "175", "spo2Low": "90",
                ])
            #expect(saved.status == .seeOther)
            #expect(try await officer.get("/elders/\(id)").body.contains("已保存体征报警阈值"))
            let wrong = try await officer.post(
                "/elders/\(id)/thresholds",
                form: [
                    "heartRateLow": "40", "heartRateHigh": "115", "systolicLow": "85",
                    "systolicHigh": "175", "spo2Low": "100",
                ])
            #expect(wrong.status == .seeOther)
            #expect(try await officer.get("/elders/\(id)").body.contains("阈值应在 70–99 之间"))
            let stored = try await DeviceService(register.context).thresholds(for: elder.id!)
            #expect(stored == ReadingThresholds(heartRateLow: 40, heartRateHigh: 115, systolicLow: 85, systolicHigh: 175, spo2Low: 90))
        }
    }
}
