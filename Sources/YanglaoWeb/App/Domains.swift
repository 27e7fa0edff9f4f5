/// The platform's domains, in the order their migrations run and their routes are booted.
/// This list is the one place a new domain is added (see docs/architecture.md).
enum Domains {
    static let all: [any DomainModule] = [
        RegionsModule(),
        MessagingModule(),
        AccountsModule(),
        AuditModule(),
        RegisterModule(),
        AssessmentModule(),
        ServiceListModule(),
        EligibilityModule(),
        SubsidiesModule(),
        ProvidersModule(),
        OrdersModule(),
        AlarmsModule(),
        CockpitModule(),
    ]
}
