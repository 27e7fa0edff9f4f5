import Fluent
import Foundation
import YanglaoCore

/// What Orders does when other domains report a change.
public enum OrderSubscriptions {
    public static func register(on bus: EventBus) {
        moveOpenWork(on: bus)
        // A person who died has no use for the services still open: cancel them, saying why.
        bus.subscribe(PersonStatusChanged.self, as: "orders.cancel_open_on_death") { event, db in
            guard event.to == .deceased else { return }
            let reason = event.feed.map { "死亡信息（\($0)）：未完成的工单自动取消" } ?? "老人已故，未完成的工单自动取消"
            try await OrderService.cancelOpenOrders(of: event.elderID, reason: reason, actor: event.actor.acting, on: db)
        }
    }
}
