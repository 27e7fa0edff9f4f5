import Fluent
import YanglaoCore

/// What alarms do when other domains report a change.
public enum AlarmSubscriptions {
    public static func register(on bus: EventBus) {
        // 撤并: devices and the alarms still being handled belong to the successor's desk;
        // closed alarms keep the region they were raised in.
        bus.subscribe(RegionRetired.self, as: "alarms.move_to_successor_region") { event, db in
            try await RegionMove.rows(of: DeviceModel.schema, in: event, on: db)
            let open = AlarmStatus.allCases.filter { $0 != .closed }.map(\.rawValue)
            try await RegionMove.rows(of: AlarmModel.schema, in: event, onlyWhere: RegionMove.statusIn(open), on: db)
        }
    }
}
