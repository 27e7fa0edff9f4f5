import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// 点单 → 派单 → 接单/拒单 at the store, on both databases.
@Suite struct OrderServiceTests {
    struct Setup {
        let orders: OrderService
        let elder: ElderModel
        let near: WorkerModel
        let far: WorkerModel
    }

    func setUp(_ app: Application, located: Bool = true) async throws -> Setup {
        let county = try await app.actor("county.410902")
        let providers = ProviderService(app.context(as: county))
        let workers = WorkerService(app.context(as: county))
        let provider = try await providers.apply(ProviderServiceTests.application(), to: RegionCode(validated: "410902000000"))
        _ = try await providers.decide(provider.id!, .admit, note: "")
        let near = try await workers.add(to: provider.id!, WorkerServiceTests.input("近处的护理员", north: 800))
        let far = try await workers.add(to: provider.id!, WorkerServiceTests.input("远处的护理员", north: 6_000))
        for worker in [near, far] { _ = try await workers.setDuty(worker.id!, onDuty: true) }
        let register = ElderService(
            StoreContext(
                database: app.db, actor: try await app.actor("village.410902001001"), protection: app.dataProtection, today: People.today,
                node: NodeState(events: app.eventBus)))
        var input = People.input(People.wang, name: "王大爷")
        if located {
            input.latitude = WorkerServiceTests.home.latitude
            input.longitude = WorkerServiceTests.home.longitude
        }
        let elder = try await register.create(input)
        return Setup(orders: OrderService(register.context), elder: elder, near: near, far: far)
    }

    @Test func anOrderGoesToTheNearestWorkerARefusalToTheNextAndThenToTheHotlineQueueWithTheReason() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let input = OrderInput(elderId: s.elder.id!, serviceType: "bathing", notes: "需要助浴椅", channel: .officer)
            let (order, replayed) = try await s.orders.create(input, idempotencyKey: "retry-1")
            #expect(!replayed && order.statusValue == .dispatched && order.workerID == s.near.id)
            // The provider's own price, not the catalogue's 80.
            #expect(order.dispatchExplanation?.hasPrefix("距离 800 m") == true && order.priceFen == 7_000)

            // A retry with the same key is the same order; the key for another order is a conflict.
            let again = try await s.orders.create(input, idempotencyKey: "retry-1")
            #expect(again.replayed && again.order.id == order.id)
            #expect(try await OrderModel.query(on: app.db).count() == 1)
            await #expect(throws: AppError(.conflict, "idempotency_key_reused", field: "Idempotency-Key")) {
                _ = try await s.orders.create(OrderInput(elderId: s.elder.id!, serviceType: "meal", channel: .officer), idempotencyKey: "retry-1")
            }

            // The near worker refuses: the far one is offered it; the far one refuses: nobody is left.
            let second = try await s.orders.respond(order.id!, accept: false)
            #expect(second.statusValue == .dispatched && second.workerID == s.far.id)
            let queued = try await s.orders.respond(order.id!, accept: false)
            #expect(queued.statusValue == .waiting && queued.workerID == nil)
            #expect(queued.queueReason == "20.0 km 内没有可接“助浴”单的服务人员（已拒单或超时 2 人）")
            let events = try await s.orders.timeline(order.id!).map { "\($0.event):\($0.toStatus)" }
            #expect(events == ["create:created", "dispatch:dispatched", "refuse:refused", "dispatch:dispatched", "refuse:refused", "queue:waiting"])

            // Accepting an order that is waiting is a clear conflict.
            await #expect(
                throws: AppError(
                    .conflict, "order_transition_illegal", field: "event",
                    ["from": "待人工派单", "event": "接单", "fromCode": "waiting", "eventCode": "accept"])
            ) {
                _ = try await s.orders.respond(order.id!, accept: true)
            }
            // Another county does not see it.
            let other = OrderService(app.context(as: try await app.actor("county.410922")))
            await #expect(throws: AppError(.notFound, "order_not_found")) { _ = try await other.order(order.id!) }
        }
    }

    @Test func anAcceptedOrderIsCancelledWhenThePersonDiesAndNoNewOrderIsTaken() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let (order, _) = try await s.orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            #expect(try await s.orders.respond(order.id!, accept: true).statusValue == .accepted)
            _ = try await ElderService(s.orders.context).changeStatus(s.elder.id!, to: .deceased, on: People.today, note: "公安死亡信息")
            let after = try await s.orders.order(order.id!)
            #expect(after.statusValue == .cancelled)
            #expect(try await s.orders.timeline(order.id!).last?.detail == "老人已故，未完成的工单自动取消")
            await #expect(throws: AppError(.conflict, "order_person_not_in_register", field: "elderId", ["status": "已死亡"])) {
                _ = try await s.orders.create(OrderInput(elderId: s.elder.id!, serviceType: "meal", channel: .phone))
            }
        }
    }

    @Test func anAddressWithoutAPositionGoesToTheHotlineQueue() async throws {
        try await withTestApp { app in
            let s = try await setUp(app, located: false)
            let (order, _) = try await s.orders.create(OrderInput(elderId: s.elder.id!, serviceType: "meal", channel: .officer))
            #expect(order.statusValue == .waiting && order.queueReason == "服务地址没有位置信息，无法按距离派单")
        }
    }
}

extension OrderServiceTests {
    @Test func aVisitFarAwayAndShortIsCompletedWithBothFlagsThenRatedAndComplainedAbout() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            // Not enrolled yet: the first service enrols them (入网), on the day of the check-out.
            s.elder.enrolledOn = nil
            try await s.elder.save(on: app.db)
            let (order, _) = try await s.orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            let id = order.id!
            // Rating an order that was never completed is a conflict.
            await #expect(throws: AppError.self) { _ = try await s.orders.rate(id, stars: 5, comment: "") }
            _ = try await s.orders.respond(id, accept: true)
            _ = try await s.orders.depart(id)
            let start = Date()
            let threeKilometresAway = GeoPoint(
                latitude: WorkerServiceTests.home.latitude + 3_000 / 111_195, longitude: WorkerServiceTests.home.longitude)
            let inService = try await s.orders.checkIn(id, at: threeKilometresAway, now: start)
            #expect(inService.statusValue == .inService)
            #expect(try await s.orders.timeline(id).last?.detail == "距服务地址 3.0 km")
            await #expect(throws: AppError(.invalidInput, "order_code_wrong", field: "code")) {
                _ = try await s.orders.checkOut(id, record: "协助洗澡", code: "abcd", now: start.addingTimeInterval(300))
            }
            let done = try await s.orders.checkOut(id, record: "协助洗澡", code: order.confirmationCode, now: start.addingTimeInterval(300))
            #expect(done.statusValue == .completed && done.confirmed == true)
            #expect(done.flags.map(\.flag) == [.shortService, .farCheckIn])
            #expect(done.flags.map(\.detail) == ["服务时长 5 分钟，不足标准时长 60 分钟的一半", "签到位置距服务地址 3.0 km"])
            let enrolled = try await ElderModel.find(s.elder.id, on: app.db)?.enrolledOn
            #expect(enrolled == CalendarDate(start.addingTimeInterval(300)).description)

            let rated = try await s.orders.rate(id, stars: 4, comment: "很耐心")
            #expect(rated.statusValue == .rated && rated.rating == 4)
            #expect(try await WorkerModel.find(s.near.id!, on: app.db)?.rating == 4)
            #expect(try await ProviderModel.find(s.near.$provider.id, on: app.db)?.ratingCount == 1)
            let complained = try await s.orders.complain(id, text: "实际只服务了五分钟")
            #expect(complained.statusValue == .complained && complained.complaint == "实际只服务了五分钟")

            // Checking in on a cancelled order is a conflict that says so.
            let (other, _) = try await s.orders.create(OrderInput(elderId: s.elder.id!, serviceType: "meal", channel: .phone))
            _ = try await s.orders.cancel(other.id!, reason: "家属已安排")
            await #expect(
                throws: AppError(
                    .conflict, "order_transition_illegal", field: "event",
                    ["from": "已取消", "event": "签到", "fromCode": "cancelled", "eventCode": "check_in"])
            ) {
                _ = try await s.orders.checkIn(other.id!, at: nil)
            }
        }
    }
}

extension OrderServiceTests {
    @Test func aWorkerSeesAndAnswersOnlyTheOrdersOfferedToThem() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let county = WorkerService(app.context(as: try await app.actor("county.410902")))
            await #expect(throws: AppError(.invalidInput, "worker_account_invalid", field: "username", ["username": "village.410902001001"])) {
                _ = try await county.linkAccount(s.near.id!, username: "village.410902001001")
            }
            _ = try await county.linkAccount(s.near.id!, username: "worker")
            let mine = OrderService(app.context(as: try await app.actor("worker")))

            let (first, _) = try await s.orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            let (second, _) = try await s.orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            #expect(try await mine.myOrders().map(\.id) == [first.id, second.id])
            #expect(try await mine.respond(first.id!, accept: true).statusValue == .accepted)
            // Refused by the worker, the second goes to the other worker, out of this worker's sight.
            #expect(try await mine.respond(second.id!, accept: false).workerID == s.far.id)
            await #expect(throws: AppError(.notFound, "order_not_found")) { _ = try await mine.order(second.id!) }
            await #expect(throws: AppError(.notFound, "order_not_found")) { _ = try await mine.respond(second.id!, accept: true) }
            #expect(try await mine.myOrders().map(\.id) == [first.id])
        }
    }
}

extension OrderServiceTests {
    @Test func anOfferNotAcceptedInTimeGoesToTheNextWorkerAndAStaleOrderExpires() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let (order, _) = try await s.orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            #expect(order.workerID == s.near.id)
            #expect(try await s.orders.sweep(now: Date().addingTimeInterval(60)) == .init(reoffered: 0, expired: 0))
            #expect(try await s.orders.sweep(now: Date().addingTimeInterval(301)) == .init(reoffered: 1, expired: 0))
            let reoffered = try await s.orders.order(order.id!)
            #expect(reoffered.statusValue == .dispatched && reoffered.workerID == s.far.id)
            #expect(try await s.orders.timeline(order.id!).map(\.detail).contains("超过 5 分钟未接单，改派"))
            // Four hours after the time wanted with nobody started, it expires.
            let late = try await s.orders.sweep(now: Date().addingTimeInterval(4 * 3_600 + 60))
            let expired = try await s.orders.order(order.id!)
            #expect(late.expired == 1 && expired.statusValue == .expired)
        }
    }
}

extension OrderServiceTests {
    /// Walks an order of `service` to completion now and returns it.
    func complete(_ s: Setup, _ service: String = "bathing") async throws -> OrderModel {
        let (order, _) = try await s.orders.create(OrderInput(elderId: s.elder.id!, serviceType: service, channel: .phone))
        _ = try await s.orders.respond(order.id!, accept: true)
        _ = try await s.orders.checkIn(order.id!, at: WorkerServiceTests.home)
        return try await s.orders.checkOut(order.id!, record: "协助洗澡")
    }

    @Test func completionsDrawOnTheMonthsVouchersFirstAndNeverBelowZero() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            // This month's approved run gives 王大爷 a 100-yuan voucher.
            let run = SubsidyRunModel()
            run.regionCode = "410902000000"
            run.month = CalendarMonth(CalendarDate(Date())).description
            run.status = SubsidyRunModel.Status.approved.rawValue
            run.lineCount = 1
            run.totalFen = 10_000
            run.computedBy = "test"
            run.computedAt = Date()
            run.computations = 1
            try await run.create(on: app.db)
            let line = SubsidyLineModel()
            line.$run.id = run.id!
            line.scheme = "home_care_voucher"
            line.elderID = s.elder.id!
            line.regionCode = "410902001001"
            line.payee = "王大爷"
            line.fen = 10_000
            line.form = PaymentForm.voucher.rawValue
            line.explanation = "居家养老服务券"
            try await line.create(on: app.db)

            let payments = try await [complete(s), complete(s), complete(s)].map { ($0.voucherFen, $0.selfFen) }
            #expect(payments.map(\.0) == [7_000, 3_000, 0] && payments.map(\.1) == [0, 4_000, 7_000])
            let draws = try await VoucherDrawModel.query(on: app.db).all()
            #expect(draws.count == 2 && draws.reduce(0) { $0 + $1.fen } == 10_000)
            let account = try #require(try await VoucherAccountModel.query(on: app.db).first())
            #expect(account.grantedFen == 10_000 && account.drawnFen == 10_000)
        }
    }
}

extension OrderServiceTests {
    @Test func anOrderSavedButNeverDispatchedIsDispatchedByTheSweep() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let (order, _) = try await s.orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            // As if the process had stopped between saving and dispatching.
            order.status = OrderStatus.created.rawValue
            order.workerID = nil
            try await order.update(on: app.db)
            #expect(try await s.orders.sweep(now: Date().addingTimeInterval(30)).resumed == 0)
            #expect(try await s.orders.sweep(now: Date().addingTimeInterval(90)) == .init(reoffered: 0, expired: 0, resumed: 1))
            #expect(try await s.orders.order(order.id!).workerID == s.near.id)
        }
    }
}

extension OrderServiceTests {
    /// Orders placed at once go through the group commit together: each caller gets its own
    /// committed order, and retries of one key racing in the same batch make one order.
    @Test func ordersPlacedAtOnceAreCommittedTogetherAndARacingKeyMakesOneOrder() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let orders = OrderService(s.orders.context.withNode { $0.orderWriter = OrderWriter() })
            let input = OrderInput(elderId: s.elder.id!, serviceType: "meal", channel: .phone)
            let placed = try await withThrowingTaskGroup(of: (String, OrderService.Placed).self) { group in
                for i in 0..<24 {
                    let key = i % 2 == 0 ? "same" : "own-\(i)"
                    group.addTask { (key, try await orders.place(input, idempotencyKey: key)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let same = placed.filter { $0.0 == "same" }.map(\.1)
            #expect(Set(same.map(\.order.id)).count == 1 && same.filter { !$0.replayed }.count == 1)
            let own = placed.filter { $0.0 != "same" }.map(\.1)
            #expect(Set(own.map(\.order.id)).count == 12 && own.allSatisfy { !$0.replayed && $0.events.count == 2 })
            #expect(try await OrderModel.query(on: app.db).count() == 13)
            #expect(try await OrderEventModel.query(on: app.db).count() == 26)
            // What each caller was told is what was committed: the order's state and both timeline entries.
            for p in own {
                #expect(try await orders.timeline(p.order.id!).map(\.id) == p.events.map(\.id))
                #expect(try await orders.order(p.order.id!).status == p.order.status && p.events.map(\.event).first == "create")
            }
        }
    }
}
