import Fluent
import Vapor
import YanglaoStore

/// The basic elderly-care service list (基本养老服务清单) each region publishes.
struct ServiceListModule: DomainModule {
    let name = "service-list"

    var migrations: [any Migration] { ServiceListSchema.migrations }

    func boot(_ routes: DomainRoutes) throws {
        try routes.api.register(collection: ServiceListAPI())
        ServiceListPages().bootPublic(routes.publicPages)
        ServiceListPages().boot(routes.pages)
    }

    func nav(for user: UserModel) -> [NavEntry] {
        user.roleValue.canManageServiceList ? [NavEntry(140, "/service-lists", label: "nav_service_lists", section: "/service-list")] : []
    }
}
