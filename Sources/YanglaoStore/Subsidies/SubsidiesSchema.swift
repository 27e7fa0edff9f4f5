import Fluent

/// The schema changes of subsidy schemes, runs and payee accounts, in order.
public enum SubsidiesSchema {
    public static var migrations: [any Migration] {
        [CreateSubsidies(), CreatePayeeAccounts()]
    }
}
