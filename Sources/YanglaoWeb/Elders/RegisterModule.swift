import Fluent
import Vapor
import YanglaoStore

/// The register of elders (老年人信息库): people, their import, discovery and work items, the
/// village tallies behind the statistics, and the families bound to them.
struct RegisterModule: DomainModule {
    let name = "register"

    var migrations: [any Migration] { RegisterSchema.migrations }

    var figureSources: [any FigureSource] { [RegisterFigures()] }

    func configure(_ app: Application) throws {
        app.storeNode.registerReadCache = RegisterReadCache()
        RegisterSubscriptions.register(on: app.eventBus)
    }

    func boot(_ routes: DomainRoutes) throws {
        try routes.api.register(collection: EldersAPI())
        try routes.api.register(collection: ElderImportAPI())
        try routes.api.register(collection: DiscoveryAPI())
        try routes.api.register(collection: FamilyAPI())
        ElderPages().boot(routes.pages)
        ElderImportPages().boot(routes.pages)
        WorkItemPages().boot(routes.pages)
        FamilyPages().boot(routes.pages)
    }

    func nav(for user: UserModel) -> [NavEntry] {
        var entries: [NavEntry] = []
        if user.roleValue.canReadRegister {
            entries.append(NavEntry(20, "/elders", label: "nav_elders"))
            entries.append(NavEntry(30, "/work-items", label: "nav_work_items"))
        }
        if user.roleValue == .elderFamily { entries.append(NavEntry(100, "/family", label: "nav_family")) }
        return entries
    }

    /// A family starts with its people; a village officer with the work items of the village
    /// (the register's 底数 kept current is its daily job).
    func home(for user: UserModel) -> String? {
        switch user.roleValue {
        case .elderFamily: "/family"
        case .villageOfficer: "/work-items"
        default: nil
        }
    }

    func jobs(_ app: Application) -> [Job] {
        [
            // The daily discovery (people turning 80, 90, 100): checked every hour, done once a
            // day (the last run date is in the database, so several nodes agree).
            Job("discovery", firstAfter: .seconds(30), every: .hours(1)) { app in
                let service = DiscoveryService(app.context(as: Job.actor))
                let run = try await service.runDaily()
                if run.raised > 0 { app.logger.notice("discovery: \(run.raised) work items for ages 80/90/100 since \(run.since)") }
            },
            // The village tallies behind the statistics: a new day or a bulk import recounts
            // every village, which takes seconds on a city; this way no reader waits for it.
            Job("tallies", firstAfter: .seconds(5), every: .minutes(5)) { app in
                let service = ElderService(app.context(as: Job.actor))
                try await service.refreshTallies()
            },
        ]
    }
}

extension Request {
    var elders: ElderService {
        get throws { ElderService(try context) }
    }
}
