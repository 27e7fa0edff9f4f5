import Fluent
import Vapor
import YanglaoStore

/// 驾驶舱: every domain's figures for each level, read from the sources the domains declare
/// in their modules (`figureSources`); this module names none of them.
struct CockpitModule: DomainModule {
    let name = "cockpit"

    static var sources: [any FigureSource] { Domains.all.flatMap(\.figureSources) }

    var migrations: [any Migration] { StatisticsSchema.migrations(for: Self.sources) }

    func configure(_ app: Application) throws {
        app.storeNode.figureSources = Self.sources
        app.storeNode.figureTallyCache = FigureTallyCache()
    }

    func boot(_ routes: DomainRoutes) throws {
        try routes.api.register(collection: CockpitAPI())
        CockpitPages().boot(routes.pages)
        MonthlyReportPages().boot(routes.pages)
        TargetPages().boot(routes.pages)
        PublicStatisticsPages().boot(routes.publicPages)
    }

    func nav(for user: UserModel) -> [NavEntry] {
        user.roleValue.canReadStatistics ? [NavEntry(5, "/cockpit/\(user.regionCode)", label: "nav_cockpit", section: "/cockpit")] : []
    }
}
