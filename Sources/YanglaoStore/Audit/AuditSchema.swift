import Fluent

/// The schema changes of the audit log, in order.
public enum AuditSchema {
    public static var migrations: [any Migration] {
        [CreateAuditLog()]
    }
}
