import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// The register tells other domains of a death through an event after commit: Orders
/// cancels the open orders, and any other subscriber (here a stand-in for a domain still to
/// come, such as visits) is told too — never for a change that rolled back.
@Suite struct DomainEventTests {
    /// Collects what it is told, as a future domain's subscriber would react.
    final class Recorder: Sendable {
        let seen = NIOLockedValueBox<[PersonStatusChanged]>([])
        func subscribe(to bus: EventBus) {
            bus.subscribe(PersonStatusChanged.self, as: "test.future_domain") { [self] event, _ in seen.withLockedValue { $0.append(event) } }
        }
    }

    @Test func aDeathFromAFeedCancelsOpenOrdersThroughTheEventAndEverySubscriberIsTold() async throws {
        try await withTestApp { app in
            let recorder = Recorder()
            recorder.subscribe(to: app.eventBus)
            #expect(app.eventBus.subscriberNames(of: PersonStatusChanged.name) == ["orders.cancel_open_on_death", "test.future_domain"])
            let s = try await OrderServiceTests().setUp(app)
            let (order, _) = try await s.orders.create(OrderInput(elderId: s.elder.id!, serviceType: "bathing", channel: .phone))
            #expect(order.statusValue == .dispatched)

            let feeds = DiscoveryService(
                StoreContext(
                    database: app.db, actor: try await app.actor("admin"), protection: app.dataProtection, today: People.today,
                    node: NodeState(events: app.eventBus)))
            _ = try await feeds.receive(
                source: .publicSecurity, [DiscoveryService.FeedInput(citizenId: People.wang, event: "death", date: "2026-11-02", detail: nil)])

            #expect(try await s.orders.order(order.id!).statusValue == .cancelled)
            #expect(try await s.orders.timeline(order.id!).last?.detail == "死亡信息（public_security）：未完成的工单自动取消")
            let told = recorder.seen.withLockedValue { $0 }
            #expect(told.count == 1 && told.first?.elderID == s.elder.id && told.first?.to == .deceased && told.first?.feed == "public_security")
            #expect(try await DomainEventModel.query(on: app.db).filter(\.$deliveredAt == nil).count() == 0)
        }
    }

    @Test func aChangeThatRolledBackTellsNobody() async throws {
        try await withTestApp { app in
            let recorder = Recorder()
            recorder.subscribe(to: app.eventBus)
            struct Abandon: Error {}
            let event = PersonStatusChanged(
                elderID: UUID(), region: "410902001001", from: .active, to: .deceased, day: "2026-11-02", feed: nil,
                actor: EventActor(.commandLine()))
            do {
                try await app.db.transaction { tx in
                    try await EventOutbox.record(event, on: tx)
                    throw Abandon()
                }
            } catch is Abandon {}
            #expect(await app.eventBus.deliverPending(on: app.db) == 0)
            #expect(recorder.seen.withLockedValue { $0 }.isEmpty)
            // Committed, it is delivered once, however often delivery runs.
            try await app.db.transaction { tx in try await EventOutbox.record(event, on: tx) }
            #expect(await app.eventBus.deliverPending(on: app.db) == 1)
            #expect(await app.eventBus.deliverPending(on: app.db) == 0)
            #expect(recorder.seen.withLockedValue { $0 } == [event])
        }
    }

    @Test func aFailingSubscriberLeavesTheEventPendingWithTheReasonAndNothingHalfDone() async throws {
        try await withTestApp { app in
            struct Refused: Error {}
            let attempts = NIOLockedValueBox(0)
            app.eventBus.subscribe(PersonStatusChanged.self, as: "test.flaky") { _, _ in
                let n = attempts.withLockedValue {
                    $0 += 1
                    return $0
                }
                if n == 1 { throw Refused() }
            }
            let event = PersonStatusChanged(
                elderID: UUID(), region: "410902001001", from: .active, to: .movedAway, day: nil, feed: nil,
                actor: EventActor(.commandLine()))
            try await app.db.transaction { tx in try await EventOutbox.record(event, on: tx) }
            #expect(await app.eventBus.deliverPending(on: app.db) == 0)
            let pending = try #require(try await DomainEventModel.query(on: app.db).first())
            #expect(pending.deliveredAt == nil && pending.attempts == 1 && (pending.lastError ?? "").contains("Refused"))
            #expect(await app.eventBus.deliverPending(on: app.db) == 1)
        }
    }
}
