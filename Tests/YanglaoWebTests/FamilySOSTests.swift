import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// 紧急求助 on the family's pages: an alarm through the alarm path, free, never a paid order.
@Suite struct FamilySOSTests {
    func bound(_ app: Application) async throws -> (mine: UUID, other: UUID) {
        let elders = ElderService(app.context(as: try await app.actor("county.410902")))
        let mine = try await elders.create(
            ElderInput(citizenID: "410902194503151238", name: "王大爷", phone: "13812345678", address: "中原路1号", regionCode: "410902001001"))
        let other = try await elders.create(ElderInput(citizenID: "410928193602290048", name: "李桂芝", address: "胜利路2号", regionCode: "410902001001"))
        _ = try await FamilyService(elders.context).bind(mine.id!, username: "elder", relation: "儿子")
        return (mine.id!, other.id!)
    }

    @Test func sosRaisesOneAlarmForTheHotlineAndNoOrder() async throws {
        try await withTestApp { app in
            let people = try await bound(app)
            let family = Browser(app: app)
            try await family.signIn("elder")
            let home = try await family.get("/care")
            #expect(home.body.contains("href=\"/care/\(people.mine.uuidString)/sos\""))
            let confirm = try await family.get("/care/\(people.mine.uuidString)/sos")
            #expect(confirm.status == .ok && confirm.body.contains("120") && confirm.body.contains("href=\"tel:120\""))
            let sent = try await family.post("/care/\(people.mine.uuidString)/sos", form: [:])
            let location = try #require(sent.headers.first(name: .location))
            #expect(sent.status == .seeOther && location.hasPrefix("/care/alarms/"))
            let alarms = try await AlarmModel.query(on: app.db).filter(\.$elderID == people.mine).all()
            #expect(alarms.count == 1 && alarms[0].type == "sos" && alarms[0].source == "family" && alarms[0].status == "open")
            let page = try await family.get(location)
            #expect(page.status == .ok && page.body.contains("专线已收到求助"))
            // A second press finds the same alarm.
            let again = try await family.post("/care/\(people.mine.uuidString)/sos", form: [:])
            #expect(again.headers.first(name: .location) == location + "?again=1")
            #expect(try await AlarmModel.query(on: app.db).filter(\.$elderID == people.mine).count() == 1)
            // The hotline's board has it.
            let board = try await AlarmService(app.context(as: try await app.actor("hotline"))).board()
            #expect(board.contains { $0.id == alarms[0].id })

            // 助急 among the services leads to the SOS page, never to a paid order.
            let emergency = try await family.get("/care/\(people.mine.uuidString)/emergency")
            #expect(emergency.headers.first(name: .location) == "/care/\(people.mine.uuidString)/sos")
            _ = try await family.post("/care/\(people.mine.uuidString)/emergency", form: ["key": UUID().uuidString])
            #expect(try await OrderModel.query(on: app.db).filter(\.$elderID == people.mine).count() == 0)
        }
    }

    @Test func onlyTheFamilysOwnPeopleAndOnlyAFamilyAccount() async throws {
        try await withTestApp { app in
            let people = try await bound(app)
            let family = Browser(app: app)
            try await family.signIn("elder")
            #expect(try await family.get("/care/\(people.other.uuidString)/sos").status == .notFound)
            #expect(try await family.post("/care/\(people.other.uuidString)/sos", form: [:]).status == .notFound)
            #expect(try await family.get("/care/alarms/\(UUID().uuidString)").status == .notFound)
            let city = Browser(app: app)
            try await city.signIn("city")
            #expect(try await city.post("/care/\(people.mine.uuidString)/sos", form: [:]).status == .forbidden)
            #expect(try await AlarmModel.query(on: app.db).filter(\.$elderID == people.mine).count() == 0)
        }
    }
}
