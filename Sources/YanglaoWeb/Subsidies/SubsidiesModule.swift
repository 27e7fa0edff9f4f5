import Fluent
import Vapor
import YanglaoStore

/// Subsidies (补贴): the schemes a region configures, the monthly runs and their payment files.
struct SubsidiesModule: DomainModule {
    let name = "subsidies"

    var migrations: [any Migration] { SubsidiesSchema.migrations }

    var figureSources: [any FigureSource] { [SubsidyFigures()] }

    func boot(_ routes: DomainRoutes) throws {
        try routes.api.register(collection: SubsidyRoutes())
        try routes.api.register(collection: SubsidySchemeRoutes())
        SubsidySchemeRoutes().bootPages(routes.pages)
        SubsidyRoutes().bootPages(routes.pages)
    }

    func nav(for user: UserModel) -> [NavEntry] {
        user.roleValue.canReadRegister ? [NavEntry(60, "/subsidies", label: "nav_subsidies")] : []
    }
}
