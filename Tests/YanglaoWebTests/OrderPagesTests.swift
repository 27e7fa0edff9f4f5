import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// The order pages through the real session, CSRF and templates: the family's 叫服务, the
/// worker's phone page, the hotline's person search, board and detail.
@Suite struct OrderPagesTests {
    struct Setup {
        let elder: UUID
        let worker: UUID
        let other: UUID
    }

    /// An admitted provider with one worker (linked to the demo "worker" account, on duty
    /// near the person), a person bound to the family account "elder", and another person.
    func setUp(_ app: Application) async throws -> Setup {
        let county = try await app.actor("county.410902")
        let provider = try await app.admittedProvider(serving: ["meal", "cleaning"], area: ["410902000000"])
        let worker = try await app.worker(of: provider, phone: "13812345670")
        _ = try await WorkerService(app.context(as: county)).linkAccount(worker.id!, username: "worker")
        let elders = ElderService(app.context(as: county))
        var person = ElderInput(citizenID: "410902194503151238", name: "王大爷", phone: "13812345678", address: "中原路1号", regionCode: "410902001001")
        person.latitude = 35.7620
        person.longitude = 115.0290
        let elder = try await elders.create(person)
        var someoneElse = ElderInput(citizenID: "410928193602290048", name: "李桂芝", address: "胜利路2号", regionCode: "410902001001")
        someoneElse.latitude = 35.7621
        someoneElse.longitude = 115.0291
        let other = try await elders.create(someoneElse)
        _ = try await FamilyService(elders.context).bind(elder.id!, username: "elder", relation: "儿子")
        return Setup(elder: elder.id!, worker: worker.id!, other: other.id!)
    }

    @Test func aFamilyOrdersOnceWithThreeTapsAndSeesOnlyItsOwnOrders() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let family = Browser(app: app)
            try await family.signIn("elder")
            let home = try await family.get("/care")
            #expect(home.status == .ok && home.body.contains("/care/\(s.elder.uuidString)/meal") && home.body.contains("助餐"))
            let confirm = try await family.get("/care/\(s.elder.uuidString)/meal")
            #expect(confirm.status == .ok && confirm.body.contains("中原路1号") && confirm.body.contains("¥15"))
            let key = try #require(confirm.body.range(of: "name=\"key\" value=\"").map { String(confirm.body[$0.upperBound...].prefix(36)) })
            // Pressing 确认 twice places one order.
            let first = try await family.post("/care/\(s.elder.uuidString)/meal", form: ["key": key])
            let again = try await family.post("/care/\(s.elder.uuidString)/meal", form: ["key": key])
            #expect(first.status == .seeOther && first.headers.first(name: .location) == again.headers.first(name: .location))
            #expect(try await OrderModel.query(on: app.db).count() == 1)
            let order = try #require(try await OrderModel.query(on: app.db).first())
            #expect(order.channel == "app" && order.orderedBy == "elder" && order.workerID == s.worker)
            let status = try await family.get(first.headers.first(name: .location)!)
            #expect(status.status == .ok && status.body.contains("正在等服务人员接单") && status.body.contains("已经叫了服务"))

            // Nobody else's person, order or page.
            #expect(try await family.get("/care/\(s.other.uuidString)/meal").status == .notFound)
            #expect(try await family.post("/care/\(s.other.uuidString)/meal", form: ["key": UUID().uuidString]).status == .notFound)
            let officer = try await app.actor("village.410902001001")
            let service = OrderService(app.context(as: officer))
            let (theirs, _) = try await service.create(OrderInput(elderId: s.other, serviceType: "meal", channel: .officer))
            #expect(try await family.get("/care/orders/\(theirs.id!.uuidString)").status == .notFound)
            #expect(try await family.post("/care/orders/\(theirs.id!.uuidString)/cancel", form: [:]).status == .notFound)
            #expect(!(try await family.get("/care").body.contains(theirs.id!.uuidString)))
            #expect(try await family.get("/orders").status == .forbidden)
        }
    }

    @Test func theWorkerTakesTheOfferAndAnotherWorkersOrderIsRefused() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let officer = try await app.actor("village.410902001001")
            let service = OrderService(app.context(as: officer))
            let (order, _) = try await service.create(OrderInput(elderId: s.elder, serviceType: "meal", channel: .officer))
            #expect(order.workerID == s.worker)
            let (unserved, _) = try await service.create(OrderInput(elderId: s.other, serviceType: "cleaning", channel: .officer))
            #expect(unserved.statusValue == .waiting)

            let phone = Browser(app: app)
            try await phone.signIn("worker")
            let page = try await phone.get("/worker")
            #expect(page.status == .ok && page.body.contains("王大爷") && page.body.contains("中原路1号") && !page.body.contains("李桂芝"))
            #expect(try await phone.post("/worker/orders/\(order.id!.uuidString)/accept", form: [:]).status == .seeOther)
            let accepted = try await phone.get("/worker")
            #expect(accepted.body.contains("已接单") && accepted.body.contains("geo:35.762,115.029"))
            // Out of order: the step is refused with the lifecycle's message, nothing changes.
            _ = try await phone.post("/worker/orders/\(order.id!.uuidString)/check-out", form: ["record": "做完了"])
            #expect(try await phone.get("/worker").body.contains("不能“签退”"))
            // A position out of range is a clear error; the order someone else holds is not this worker's.
            _ = try await phone.post("/worker/orders/\(order.id!.uuidString)/check-in", form: ["latitude": "95", "longitude": "115"])
            #expect(try await phone.get("/worker").body.contains("-90"))
            #expect(try await OrderModel.find(order.id, on: app.db)?.statusValue == .accepted)
            #expect(try await phone.post("/worker/orders/\(unserved.id!.uuidString)/accept", form: [:]).status == .notFound)
            _ = try await phone.post("/worker/orders/\(order.id!.uuidString)/check-in", form: ["latitude": "35.7621", "longitude": "115.0290"])
            let checked = try #require(try await OrderModel.find(order.id, on: app.db))
            #expect(checked.statusValue == .inService && checked.checkInLatitude == 35.7621)
            #expect(try await phone.get("/orders").status == .forbidden)
        }
    }

    @Test func theHotlineFindsThePersonByPhoneOrdersAndReadsTheBoard() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let console = Browser(app: app)
            try await console.signIn("hotline")
            let byPhone = try await console.get("/orders/new?q=13812345678")
            #expect(byPhone.status == .ok && byPhone.body.contains("王大爷") && !byPhone.body.contains("李桂芝"))
            // The full number appears once: in the search box the operator typed it into.
            #expect(byPhone.body.contains("138****5678") && byPhone.body.components(separatedBy: "13812345678").count == 2)
            #expect(try await console.get("/orders/new?q=410902194503151238").body.contains("王大爷"))
            #expect(try await console.get("/orders/new?q=13900000000").body.contains("本区域没有找到这位老人"))
            let form = try await console.get("/orders/new?elder=\(s.elder.uuidString)")
            #expect(form.body.contains("value=\"phone\""))
            let bad = try await console.post(
                "/orders", form: ["elder": s.elder.uuidString, "service": "meal", "channel": "phone", "when": "2020-01-01T08:00"])
            let badPage = try await console.get(bad.headers.first(name: .location)!)
            #expect(bad.status == .seeOther && badPage.body.contains("服务时间不能早于现在"))
            let made = try await console.post("/orders", form: ["elder": s.elder.uuidString, "service": "meal", "channel": "phone", "notes": "少盐"])
            let location = try #require(made.headers.first(name: .location))
            let detail = try await console.get(location)
            #expect(detail.status == .ok && detail.body.contains("为什么派给这位服务人员") && detail.body.contains("护理员甲"))
            #expect(detail.body.contains("热线电话") && detail.body.contains("少盐") && detail.body.contains("取消工单"))
            let queued = try await console.post("/orders", form: ["elder": s.other.uuidString, "service": "cleaning", "channel": "phone"])
            let queuedPage = try await console.get(queued.headers.first(name: .location)!)
            #expect(queuedPage.body.contains("转人工原因") && queuedPage.body.contains("重新派单"))

            let waiting = try await console.get("/orders?status=waiting")
            #expect(waiting.body.contains("李桂芝") && !waiting.body.contains(">王大爷<"))
            let meals = try await console.get("/orders?service=meal")
            #expect(meals.body.contains("王大爷") && !meals.body.contains("李桂芝"))
            #expect(try await console.get("/orders?flagged=1").body.contains("没有符合条件的工单"))
            _ = try await console.post(location + "/cancel", form: ["reason": ""])
            #expect(try await console.get(location).body.contains("此项必填"))
            _ = try await console.post(location + "/cancel", form: ["reason": "老人住院"])
            #expect(try await console.get(location).body.contains("老人住院"))
            // Another county's hotline... there is one city hotline; a village officer of another village sees nothing.
            let neighbour = Browser(app: app)
            try await neighbour.signIn("village.410902001002")
            #expect(try await neighbour.get(location).status == .notFound)
            #expect(!(try await neighbour.get("/orders").body.contains("王大爷")))
        }
    }
}

extension OrderPagesTests {
    @Test func theTownshipClosesAComplaintAndReviewsFlagsFromTheQueues() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let county = OrderService(app.context(as: try await app.actor("county.410902")))
            let (order, _) = try await county.create(OrderInput(elderId: s.elder, serviceType: "meal", channel: .officer))
            _ = try await county.respond(order.id!, accept: true)
            _ = try await county.checkIn(order.id!, at: GeoPoint(latitude: 35.7890, longitude: 115.0290))
            _ = try await county.checkOut(order.id!, record: "送餐")
            _ = try await county.complain(order.id!, text: "饭菜凉了")
            let id = order.id!.uuidString

            let township = Browser(app: app)
            try await township.signIn("township.410902001")
            let queue = try await township.get("/orders?review=complaint")
            #expect(queue.body.contains("饭菜凉了") && queue.body.contains("/orders/\(id)"))
            let detail = try await township.get("/orders/\(id)")
            #expect(detail.body.contains("办结投诉") && detail.body.contains("签到位置偏离") && detail.body.contains("value=\"confirmed\""))
            _ = try await township.post("/orders/\(id)/review-flags", form: ["verdict": "confirmed", "note": ""])
            #expect(try await township.get("/orders/\(id)").body.contains("此项必填"))
            _ = try await township.post("/orders/\(id)/resolve-complaint", form: ["outcome": "已约谈服务商，重新送餐"])
            _ = try await township.post("/orders/\(id)/review-flags", form: ["verdict": "dismissed", "note": "老人在村委会用餐"])
            let closed = try await township.get("/orders/\(id)")
            #expect(closed.body.contains("已约谈服务商，重新送餐") && closed.body.contains("不属实 老人在村委会用餐") && !closed.body.contains("办结投诉</button>"))
            #expect(try await township.get("/orders?review=complaint").body.contains("没有符合条件的工单"))
            #expect(try await township.get("/orders?review=flags").body.contains("没有符合条件的工单"))
            // The hotline can read the order but not close it.
            let hotline = Browser(app: app)
            try await hotline.signIn("hotline")
            #expect(!(try await hotline.get("/orders/\(id)").body.contains("value=\"confirmed\"")))
        }
    }
}

extension OrderPagesTests {
    @Test func theHotlineCallsBackTheWeeksSampleOnThePageAndOverTheAPI() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let county = OrderService(app.context(as: try await app.actor("county.410902")))
            for _ in 0..<2 {
                let (order, _) = try await county.create(OrderInput(elderId: s.elder, serviceType: "meal", channel: .officer))
                _ = try await county.respond(order.id!, accept: true)
                _ = try await county.checkIn(order.id!, at: nil)
                _ = try await county.checkOut(order.id!, record: "送餐")
            }
            // Every completed order of the week is called back under this rule.
            let admin = OrderService(app.context(as: try await app.actor("admin")))
            #expect(try await admin.sampleFollowUps(weekOf: CalendarDate.today().monday, rule: FollowUpSampling(baseShare: 1, maximumShare: 1)) == 2)

            let hotline = Browser(app: app)
            try await hotline.signIn("hotline")
            let page = try await hotline.get("/orders/follow-ups")
            #expect(page.status == .ok && page.body.contains("王大爷") && page.body.contains("有投诉或标记"))
            let calls = try await FollowUpCallModel.query(on: app.db).all()
            _ = try await hotline.post("/orders/follow-ups/\(calls[0].id!.uuidString)", form: ["reached": "1", "stars": "4", "note": "挺好"])
            #expect(try await hotline.get("/orders/follow-ups").body.contains("回访结果已保存"))

            let token = try await app.token("hotline")
            try await app.testing().test(.GET, "/api/v1/follow-ups", headers: .bearer(token)) { res in
                #expect(res.status == .ok && res.body.string.contains("\"total\":1") && res.body.string.contains(calls[1].id!.uuidString))
            }
            try await app.testing().test(
                .POST, "/api/v1/follow-ups/\(calls[1].id!.uuidString)", headers: .bearer(token),
                beforeRequest: { req in
                    try req.content.encode(["reached": false])
                },
                afterResponse: { res in
                    #expect(res.status == .ok && res.body.string.contains("\"status\":\"unreachable\""))
                })
            try await app.testing().test(
                .POST, "/api/v1/follow-ups/\(calls[1].id!.uuidString)", headers: .bearer(token),
                beforeRequest: { req in
                    try req.content.encode(["reached": false])
                },
                afterResponse: { res in
                    #expect(res.status == .conflict && res.body.string.contains("follow_up_answered"))
                })
            let family = Browser(app: app)
            try await family.signIn("elder")
            #expect(try await family.get("/orders/follow-ups").status == .forbidden)
        }
    }
}
