import Fluent
import Foundation
import Testing
import YanglaoCore
import YanglaoTestSupport

@testable import YanglaoStore

extension OrderServiceTests {
    /// Mode (a): the county sends orders to a provider by fair shares; the provider's
    /// administrator assigns one of its qualified workers; a lapsed assignment passes the
    /// provider over and, with nobody left, the order goes straight to a worker.
    @Test func inProviderModeTheProviderAssignsAndALapseFallsBackToAWorker() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let county = OrderService(app.context(as: try await app.actor("county.410902")))
            await #expect(throws: AppError.self) { try await s.orders.setDispatchMode(.provider, for: RegionCode(validated: "410902000000")) }
            try await county.setDispatchMode(.provider, for: RegionCode(validated: "410902000000"))
            #expect(try await county.dispatchMode(of: RegionCode(validated: "410902000000")) == .provider)
            #expect(try await county.dispatchMode(of: RegionCode(validated: "410922000000")) == .worker)
            let providers = ProviderService(
                app.context(as: try await app.actor("county.410902")))
            try await app.moveAccount("provider", to: "410902000000")
            _ = try await providers.linkAdmin(s.near.$provider.id, username: "provider")
            await #expect(throws: AppError.self) { try await providers.linkAdmin(s.near.$provider.id, username: "worker") }

            let (order, _) = try await s.orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            #expect(order.statusValue == .dispatched && order.workerID == nil && order.providerID == s.near.$provider.id)
            #expect(order.dispatchExplanation?.hasPrefix("按份额轮派") == true)

            let desk = OrderService(app.context(as: try await app.actor("provider")))
            let waiting = try await desk.awaitingAssignment(page: try ListPage()).items
            #expect(waiting.count == 1 && waiting[0].ranked.map(\.worker.id) == [s.near.id!.uuidString, s.far.id!.uuidString])
            await #expect(throws: AppError.self) { try await desk.assign(order.id!, worker: UUID()) }
            let assigned = try await desk.assign(order.id!, worker: s.far.id!)
            #expect(
                assigned.workerID == s.far.id && assigned.statusValue == .dispatched && assigned.dispatchExplanation?.hasPrefix("距离 6.0 km") == true)
            await #expect(throws: AppError.self) { try await desk.assign(order.id!, worker: s.near.id!) }  // already with a worker

            // The worker refuses: back to the provider, without that worker.
            let again = try await s.orders.respond(order.id!, accept: false)
            #expect(again.workerID == nil && again.providerID == s.near.$provider.id && again.excludedWorkers.contains(s.far.id!.uuidString))
            #expect(try await desk.awaitingAssignment(page: try ListPage()).items.first?.ranked.map(\.worker.id) == [s.near.id!.uuidString])

            // The provider lets it lapse: passed over, nobody else, so straight to the nearest worker.
            let report = try await county.sweep(now: Date().addingTimeInterval(400))
            #expect(report.reoffered == 1)
            let fallen = try #require(try await OrderModel.find(order.id, on: app.db))
            #expect(fallen.workerID == s.near.id && fallen.excludedWorkers.contains(Dispatcher.excludedKey(provider: s.near.$provider.id.uuidString)))
            #expect(try await desk.awaitingAssignment(page: try ListPage()).items.isEmpty)
            let steps = try await county.timeline(order.id!).map(\.detail)
            #expect(steps.contains { $0.hasPrefix("服务商指派") } && steps.contains { $0.contains("未指派人员") })
        }
    }
}

extension OrderServiceTests {
    /// With the server's index cache, an order given to a provider counts in the county's
    /// fair shares at once: orders alternate between two providers although the cached
    /// county is never rebuilt from the database.
    @Test func theCachedCountyCountsOrdersGivenToProvidersAtOnce() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let officer = try await app.actor("county.410902")
            let providers = ProviderService(app.context(as: officer))
            let second = try await providers.apply(
                ProviderServiceTests.application("安康助老服务社", code: "91350100M000200Y4T"), to: RegionCode(validated: "410902000000"))
            _ = try await providers.decide(second.id!, .admit, note: "")
            let workers = WorkerService(app.context(as: officer))
            let helper = try await workers.add(to: second.id!, WorkerServiceTests.input("安康的护理员", north: 1_500))
            _ = try await workers.setDuty(helper.id!, onDuty: true)
            try await OrderService(app.context(as: officer))
                .setDispatchMode(.provider, for: RegionCode(validated: "410902000000"))

            let orders = OrderService(s.orders.context.withNode { $0.dispatchCache = DispatchIndexCache(maxAge: 600) })
            var given: [UUID?] = []
            for _ in 0..<4 {
                given.append(try await orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone)).order.providerID)
            }
            #expect(Set(given.compactMap { $0 }) == [s.near.$provider.id, second.id!])
            #expect(given[0] != given[1] && given[0] == given[2] && given[1] == given[3])
        }
    }

    /// With the server's index cache, an offer counts against the worker at once: a worker
    /// with room for one order is not offered the next; a change made elsewhere shows after
    /// the cache is told (or after its age).
    @Test func theCachedIndexCountsOffersAtOnceAndForgetsWhenTold() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            s.near.capacity = 1
            try await s.near.update(on: app.db)
            let cache = DispatchIndexCache(maxAge: 600)
            let orders = OrderService(s.orders.context.withNode { $0.dispatchCache = cache })
            let (first, _) = try await orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            let (second, _) = try await orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            #expect(first.workerID == s.near.id && second.workerID == s.far.id)
            // The far worker goes off duty in the database: the cache still offers them until told.
            s.far.onDuty = false
            try await s.far.update(on: app.db)
            let (third, _) = try await orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            #expect(third.workerID == s.far.id)
            await cache.invalidate(RegionCode(validated: "410902000000"))
            let (fourth, _) = try await orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            #expect(fourth.statusValue == .waiting && fourth.workerID == nil)
        }
    }
    /// A change to a worker made through the worker service tells the server's dispatch cache
    /// itself, after its commit: no handler, command or job has to remember it.
    @Test func theWorkerServiceTellsTheDispatchCacheAfterItsChange() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let cache = DispatchIndexCache(maxAge: 600)
            let orders = OrderService(s.orders.context.withNode { $0.dispatchCache = cache })
            let (first, _) = try await orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            #expect(first.workerID == s.near.id)
            let officer = try await app.actor("county.410902")
            let workers = WorkerService(
                app.context(as: officer).withNode { $0.dispatchCache = cache })
            _ = try await workers.setDuty(s.near.id!, onDuty: false)
            _ = try await workers.setDuty(s.far.id!, onDuty: false)
            let (second, _) = try await orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            #expect(second.statusValue == .waiting && second.workerID == nil)
        }
    }

    /// An order that leaves its worker here frees them in the cached index at once: a worker
    /// with room for one order gets the next order as soon as the first is cancelled.
    @Test func theCachedIndexFreesAWorkerAsSoonAsTheOrderLeavesThem() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            s.near.capacity = 1
            try await s.near.update(on: app.db)
            let orders = OrderService(s.orders.context.withNode { $0.dispatchCache = DispatchIndexCache(maxAge: 600) })
            let (first, _) = try await orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            #expect(first.workerID == s.near.id)
            _ = try await orders.cancel(first.id!, reason: "家属已另行安排")
            let (second, _) = try await orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            #expect(second.workerID == s.near.id)
            // A refusal frees the worker too; the refused order goes on to the next worker.
            let refused = try await orders.respond(second.id!, accept: false)
            #expect(refused.workerID == s.far.id)
            let (third, _) = try await orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            #expect(third.workerID == s.near.id)
        }
    }

    /// Offers and releases made while a county is rebuilt count once in the new entry,
    /// whether or not its snapshot of the database already shows them.
    @Test func offersAndReleasesDuringARebuildCountOnce() async throws {
        let county = RegionCode(validated: "410902000000")
        @Sendable func entry(open: [String: String]) -> CountyDispatch {
            let worker = DispatchWorker(
                id: "w", providerID: "p", name: "w", position: GeoPoint(latitude: 35.7, longitude: 115.0), skills: ["bathing"],
                onDuty: true, load: open.count, capacity: 5, rating: 4)
            return CountyDispatch(index: WorkerIndex([worker]), providers: [:], prices: [:], mode: .worker, openOrders: open)
        }
        for snapshot in [["o1": "w"], ["o2": "w"]] {  // before the changes below, and after them
            let cache = DispatchIndexCache(maxAge: 5)
            _ = try await cache.county(county) { entry(open: ["o1": "w"]) }
            let (started, gate) = (AsyncStream<Void>.makeStream(), AsyncStream<Void>.makeStream())
            let rebuild = Task {
                try await cache.county(county, now: Date().addingTimeInterval(60)) {
                    started.continuation.yield()
                    for await _ in gate.stream { break }
                    return entry(open: snapshot)
                }
            }
            // Once the build runs, the cache is waiting for it and takes the changes below.
            for await _ in started.stream { break }
            await cache.released("o1", in: county)
            await cache.offered("o2", to: "w", in: county)
            gate.continuation.yield()
            let built = try await rebuild.value
            #expect(built.openOrders == ["o2": "w"])
            #expect(built.index.worker(id: "w")?.load == 1)
        }
    }
}
