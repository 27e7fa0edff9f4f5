import Fluent
import YanglaoCore

extension OrderSubscriptions {
    /// 撤并: open orders and pending calls back are handled in the successor; finished ones
    /// keep the region they were served in.
    static func moveOpenWork(on bus: EventBus) {
        bus.subscribe(RegionRetired.self, as: "orders.move_open_work_to_successor") { event, db in
            let open = OrderStatus.allCases.filter(\.isOpen).map(\.rawValue)
            try await RegionMove.rows(of: OrderModel.schema, in: event, onlyWhere: RegionMove.statusIn(open), on: db)
            try await RegionMove.rows(
                of: FollowUpCallModel.schema, in: event, onlyWhere: RegionMove.statusIn([FollowUpCallModel.Status.pending.rawValue]), on: db)
        }
    }
}
