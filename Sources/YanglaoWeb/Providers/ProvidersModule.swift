import Fluent
import Vapor
import YanglaoStore

/// Service providers (服务机构) and their workers: application, admission, the provider's desk.
struct ProvidersModule: DomainModule {
    let name = "providers"

    var migrations: [any Migration] { ProvidersSchema.migrations }

    func configure(_ app: Application) throws {
        ProviderSubscriptions.register(on: app.eventBus)
    }

    func afterMigrate(_ app: Application) async throws {
        let sealed = try await ProviderModel.sealClearContactPhones(on: app.db, with: app.dataProtection)
        if sealed > 0 { app.logger.notice("sealed the contact phones of \(sealed) providers") }
    }

    func boot(_ routes: DomainRoutes) throws {
        try routes.api.register(collection: ProvidersAPI())
        ProviderPages().boot(routes.pages)
        ProviderDeskPages().boot(routes.pages)
    }

    func nav(for user: UserModel) -> [NavEntry] {
        var entries: [NavEntry] = []
        if user.roleValue.canReadProviders { entries.append(NavEntry(90, "/providers", label: "nav_providers")) }
        if user.roleValue == .providerAdmin { entries.append(NavEntry(120, "/provider-desk", label: "nav_provider_desk")) }
        return entries
    }

    func home(for user: UserModel) -> String? { user.roleValue == .providerAdmin ? "/provider-desk" : nil }
}
