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

            // Another county's operator does not find the person, and cannot raise for them.
            let other = Browser(app: app)
            try await other.signIn("county.410922")
            #expect(try await other.get("/alarms/new?q=13812345678").body.contains("本区域没有找到这位老人"))
            let refused = try await other.post("/alarms", form: ["elder": elder.id!.uuidString, "type": "manual", "detail": "来电"])
            #expect(refused.status == .notFound)
            #expect(try await AlarmModel.query(on: app.db).count() == 1)
        }
    }
}
