import Fluent

/// The schema changes of providers and their workers, in order.
public enum ProvidersSchema {
    public static var migrations: [any Migration] {
        [CreateProviders(), CreateWorkers(), SealProviderContactPhones()]
    }
}
