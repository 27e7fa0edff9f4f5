import Fluent

/// The schema changes of published service lists, in order.
public enum ServiceListSchema {
    public static var migrations: [any Migration] {
        [CreateServiceLists()]
    }
}
