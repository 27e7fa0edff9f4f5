import Fluent
import Vapor
import YanglaoStore

/// Accounts: sign-in (API tokens and console sessions) and the administration of accounts.
struct AccountsModule: DomainModule {
    let name = "accounts"

    var migrations: [any Migration] { AccountsSchema.migrations }

    func configure(_ app: Application) throws {
        AccountSubscriptions.register(on: app.eventBus)
        app.notificationOutbox.register("login_codes") { sender, app in
            try await PhoneLogin.deliver(sender: sender, protection: app.dataProtection, on: app.db)
        }
    }

    func afterMigrate(_ app: Application) async throws {
        try await PhoneLogin.backfillLookups(protection: app.dataProtection, on: app.db)
    }

    func boot(_ routes: DomainRoutes) throws {
        AuthAPI().bootPublic(routes.publicAPI)
        AuthAPI().bootProtected(routes.api)
        try routes.api.register(collection: UsersAPI())
        LoginPages().boot(public: routes.publicPages)
        UserPages().boot(routes.pages)
        UserImportPages().boot(routes.pages)
        PasswordPages().boot(routes.pages)
        StartPage().boot(routes.pages)
    }

    func nav(for user: UserModel) -> [NavEntry] {
        user.roleValue.canManageUsers ? [NavEntry(150, "/admin/users", label: "nav_users")] : []
    }

    func home(for user: UserModel) -> String? { StartPage.roles.contains(user.roleValue) ? StartPage.path : nil }
}
