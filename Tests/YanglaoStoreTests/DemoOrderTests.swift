import Fluent
import Foundation
import Testing
import YanglaoCore
import YanglaoTestSupport

@testable import YanglaoStore

@Suite struct DemoOrderTests {
    /// Providers and workers in every county, the demo worker account linked and dispatchable,
    /// a year of orders whose steps follow the lifecycle, and ratings that agree with the orders.
    @Test func theDemoCityHasProvidersWorkersAndAYearOfLawfulOrders() async throws {
        try await withTestApp { app in
            let plan = DemoCityPlan(size: .tiny)
            let builder = DemoCityBuilder(plan: plan, hasher: app.passwordHasher)
            try await builder.buildElders(on: app.db, protection: app.dataProtection)
            try await builder.buildProviders(on: app.db, protection: app.dataProtection)
            let now = Date()
            try await builder.buildOrderHistory(on: app.db, now: now)

            let providers = try await ProviderModel.query(on: app.db).all()
            #expect(Set(providers.map { String($0.regionCode.prefix(6)) }).count == DemoCityPlan.counties.count)
            #expect(providers.allSatisfy { $0.statusValue == .admitted })
            let workers = try await WorkerModel.query(on: app.db).all()
            #expect(
                workers.count == DemoCityPlan.counties.count * DemoProviderPlan(size: .tiny).providersPerCounty
                    * DemoProviderPlan(size: .tiny).workersPerProvider)
            let linked = try #require(workers.first { $0.username == "worker" })
            #expect(linked.onDuty && linked.regionCode == "410902000000")
            // The provider account runs a provider of the county that dispatches provider-first.
            let desk = try #require(providers.first { $0.adminUsername == "provider" })
            #expect(desk.regionCode.hasPrefix("410922"))
            let orderService = OrderService(app.context(as: .commandLine()))
            #expect(try await orderService.dispatchMode(of: DemoCityPlan.providerFirstCounty.code) == .provider)
            #expect(try await orderService.dispatchMode(of: RegionCode(validated: "410902000000")) == .worker)

            let orders = try await OrderModel.query(on: app.db).all()
            #expect(orders.count > DemoOrderPlan(size: .tiny).count * 9 / 10)
            #expect(orders.allSatisfy { !$0.statusValue.isOpen && $0.createdAt! <= now && $0.createdAt! > now.addingTimeInterval(-366 * 86_400) })
            let events = Dictionary(grouping: try await OrderEventModel.query(on: app.db).all(), by: \.orderID)
            for order in orders {
                // Replaying the recorded steps through the lifecycle ends where the order is.
                let steps = (events[order.id!] ?? []).sorted { $0.at < $1.at }
                var status = OrderStatus.created
                for step in steps.dropFirst() {
                    status = try OrderLifecycle.next(after: try #require(OrderEvent(rawValue: step.event)), from: status)
                    #expect(step.toStatus == status.rawValue)
                }
                #expect(status == order.statusValue && steps.first?.event == "create")
                if order.rating != nil { #expect(order.checkOutAt != nil && order.checkInAt! < order.checkOutAt!) }
                // The worker serves the person's county and has the skill.
                let worker = try #require(workers.first { $0.id == order.workerID })
                #expect(order.regionCode.hasPrefix(String(worker.regionCode.prefix(6))) && worker.skills.contains(order.serviceType))
            }
            #expect(orders.contains { $0.rating != nil }, "the demo year has rated orders")
            let rated = orders.filter { $0.workerID == linked.id && $0.rating != nil }.compactMap(\.rating)
            try #require(!rated.isEmpty, "the demo's worker account has rated orders, so its rating is the mean of theirs")
            let refreshed = try #require(try await WorkerModel.find(linked.id, on: app.db))
            #expect(abs(refreshed.rating - Double(rated.reduce(0, +)) / Double(rated.count)) < 1e-9)
        }
    }
}
