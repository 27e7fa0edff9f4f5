import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

@testable import YanglaoWeb

/// The order pages that follow orders live hear exactly the changes that concern them.
@Suite struct LiveOrdersTests {
    @Test func aWorkerHearsItsOffersAndWhatLeftItAndNothingElse() async throws {
        let me = UUID()
        let other = UUID()
        let hub = LiveHub<OrderChange>()
        let mine = await hub.subscribe { $0.concerns(worker: me) }
        let offered = OrderChange(order: UUID(), elder: UUID(), worker: me, formerWorker: nil, status: "dispatched")
        let elsewhere = OrderChange(order: UUID(), elder: UUID(), worker: other, formerWorker: nil, status: "dispatched")
        let refused = OrderChange(order: offered.order, elder: offered.elder, worker: other, formerWorker: me, status: "dispatched")
        for change in [offered, elsewhere, refused] { await hub.publish(change) }
        var heard: [OrderChange] = []
        for await text in mine where !text.isEmpty {
            heard.append(try JSONDecoder().decode(OrderChange.self, from: Data(text.utf8)))
            if heard.count == 2 { break }
        }
        #expect(heard == [offered, refused])
    }

    @Test func onlyAWorkerAndTheFamilyOfTheOrderMayListen() async throws {
        try await withTestApp { app in
            let city = Browser(app: app)
            try await city.signIn("city")
            #expect(try await city.get("/worker/events").status == .forbidden)
            #expect(try await city.get("/care/orders/\(UUID().uuidString)/events").status == .forbidden)
            let family = Browser(app: app)
            try await family.signIn("elder")
            #expect(try await family.get("/care/orders/\(UUID().uuidString)/events").status == .notFound)
        }
    }

    @Test func aPlacedOrderIsToldToTheWatchingPages() async throws {
        try await withTestApp { app in
            try await DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher).buildElders(
                on: app.db, protection: app.dataProtection)
            // On PostgreSQL the change travels by NOTIFY: this server listens as a serving one does.
            await app.orderBus.start(on: app.eventLoopGroup.any(), logger: app.logger)
            defer { app.orderBus.stop() }
            let heard = await app.orderBus.hub.subscribe { _ in true }
            let person = try #require(try await ElderModel.query(on: app.db).filter(\.$regionCode == "410902001001").first())
            let hotline = OrderService(app.context(as: try await app.actor("hotline")))
            let placed = try await hotline.create(
                OrderInput(elderId: person.id!, serviceType: "meal", wantedAt: nil, address: nil, notes: nil, channel: .phone)
            ).order
            // Never wait for ever: a change not heard within 10 s fails the test.
            let first = await withTaskGroup(of: String?.self) { group in
                group.addTask {
                    for await text in heard where !text.isEmpty { return text }
                    return nil
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(10))
                    return nil
                }
                let text = await group.next() ?? nil
                group.cancelAll()
                return text
            }
            let text = try #require(first, "no order change heard within 10 s")
            let change = try JSONDecoder().decode(OrderChange.self, from: Data(text.utf8))
            #expect(change.order == placed.id && change.elder == person.id && change.status == placed.status)
        }
    }
}
