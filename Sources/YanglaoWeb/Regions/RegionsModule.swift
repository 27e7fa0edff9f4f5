import Fluent
import Vapor
import YanglaoStore

/// The region tree: the division codes every other record belongs to.
struct RegionsModule: DomainModule {
    let name = "regions"

    var migrations: [any Migration] { RegionsSchema.migrations }

    func boot(_ routes: DomainRoutes) throws {
        try routes.api.register(collection: RegionsAPI())
        RegionPages().boot(routes.pages)
        RegionImportPages().boot(routes.pages)
    }

    /// Families, workers and volunteers do their work on their own pages; the region tree
    /// and its counts mean nothing to them.
    func nav(for user: UserModel) -> [NavEntry] {
        guard ![.elderFamily, .serviceWorker, .volunteer].contains(user.roleValue) else { return [] }
        return [NavEntry(10, "/regions/\(user.regionCode)", label: "nav_regions", section: "/regions")]
    }
}
