import Fluent

/// The schema changes of alarms, devices, guardians' notifications and personal thresholds, in order.
public enum AlarmsSchema {
    public static var migrations: [any Migration] {
        [CreateAlarms(), CreateAlarmNotifications(), CreatePersonThresholds()]
    }
}
