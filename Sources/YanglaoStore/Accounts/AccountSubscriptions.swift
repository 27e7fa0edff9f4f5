import Fluent
import YanglaoCore

/// What accounts do when other domains report a change.
public enum AccountSubscriptions {
    public static func register(on bus: EventBus) {
        // 撤并: an officer of a retired region works for its successor.
        bus.subscribe(RegionRetired.self, as: "accounts.move_to_successor_region") { event, db in
            try await RegionMove.rows(of: UserModel.schema, in: event, on: db)
        }
    }
}
