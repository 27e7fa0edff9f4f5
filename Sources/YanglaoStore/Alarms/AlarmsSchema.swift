import Fluent

/// The schema changes of alarms, devices, guardians' notifications and personal thresholds, in order.
public enum AlarmsSchema {
    public static var migrations: [any Migration] {
        [CreateAlarms(), CreateAlarmNotifications(), CreatePersonThresholds(), AddDeviceOfflineReported()]
    }
}

/// When a device's silence was reported, so the offline sweep reads only devices that may
/// have just fallen silent.
struct AddDeviceOfflineReported: ColumnMigration {
    let table = DeviceModel.schema
    let columns: [(name: String, type: DatabaseSchema.DataType)] = [("offline_reported_for", .datetime)]
}
