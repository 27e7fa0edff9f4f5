import Foundation
import YanglaoCore

/// The order desk as alarm handling uses it: "已派服务人员" places an urgent 助急 order by
/// phone for the alarm's person, dispatched like any other.
public struct UrgentOrders: UrgentOrderDesk {
    public init() {}

    public func placeUrgentOrder(_ request: UrgentOrderRequest, in context: StoreContext) async throws -> UrgentOrderPlaced {
        let placed = try await OrderService(context).place(
            OrderInput(elderId: request.elderID, serviceType: "emergency", notes: request.note, channel: .phone),
            idempotencyKey: request.idempotencyKey, now: request.now)
        let order = placed.order
        let outcome = order.statusValue == .dispatched ? (order.dispatchExplanation ?? "") : (order.queueReason ?? "")
        return UrgentOrderPlaced(orderID: try order.requireID(), summary: "助急工单 \(order.statusValue.chineseName)：\(outcome)")
    }
}
