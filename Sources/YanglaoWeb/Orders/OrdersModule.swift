import Fluent
import Vapor
import YanglaoCore
import YanglaoStore

/// Service orders (助餐、助浴、助洁…): placing, dispatch, the worker's visit, payment by
/// voucher, reviews and follow-up calls; families order for their people (`/care`).
struct OrdersModule: DomainModule {
    let name = "orders"

    var migrations: [any Migration] { OrdersSchema.migrations }

    var figureSources: [any FigureSource] { [OrderFigures()] }

    func configure(_ app: Application) throws {
        app.storeNode.dispatchCache = DispatchIndexCache()
        app.storeNode.orderWriter = OrderWriter(database: DatabaseSetup.groupCommitDatabase(app, location: app.yanglaoConfig.database))
        app.storeNode.urgentOrders = UrgentOrders()
        app.storeNode.catalogueCache = CatalogueCache()
        app.orderBus = try OrderBus(channel: LiveOrderRoutes.channel, hub: LiveHub(), location: app.yanglaoConfig.database)
        app.storeNode.orderWatch = LiveOrders(app: app)
        OrderSubscriptions.register(on: app.eventBus)
    }

    func boot(_ routes: DomainRoutes) throws {
        try routes.api.register(collection: OrdersAPI())
        try routes.api.register(collection: FollowUpRoutes())
        try routes.api.register(collection: CatalogueAPI())
        OrderPages().boot(routes.pages)
        WorkerPages().boot(routes.pages)
        CarePages().boot(routes.pages)
        LiveOrderRoutes().boot(routes.pages)
        FollowUpRoutes().bootPages(routes.pages)
    }

    func nav(for user: UserModel) -> [NavEntry] {
        var entries: [NavEntry] = []
        if user.roleValue.canReadRegister { entries.append(NavEntry(70, "/orders", label: "nav_orders")) }
        if user.roleValue == .elderFamily { entries.append(NavEntry(110, "/care", label: "nav_care")) }
        if user.roleValue == .serviceWorker { entries.append(NavEntry(130, "/worker", label: "nav_worker")) }
        return entries
    }

    func home(for user: UserModel) -> String? { user.roleValue == .serviceWorker ? "/worker" : nil }

    func jobs(_ app: Application) -> [Job] {
        [
            // Lapsed offers re-dispatched, stale orders expired, interrupted dispatches resumed.
            Job("orders.sweep", firstAfter: .seconds(10), every: .seconds(30)) { app in
                let orders = OrderService(app.context(as: Job.actor))
                let report = try await orders.sweep()
                if report.reoffered + report.expired + report.resumed > 0 {
                    app.logger.info(
                        "orders: \(report.reoffered) offers re-dispatched, \(report.expired) expired, \(report.resumed) interrupted dispatches resumed"
                    )
                }
            },
            // 回访: last week's sample, once an hour (a week already sampled adds nothing).
            Job("orders.follow-ups", firstAfter: .seconds(60), every: .hours(1)) { app in
                let orders = OrderService(app.context(as: Job.actor))
                let added = try await orders.sampleFollowUps(weekOf: CalendarDate.today().monday.addingDays(-7))
                if added > 0 { app.logger.info("orders: \(added) follow-up calls sampled for last week") }
            },
        ]
    }

    func startServing(_ app: Application) async throws {
        await app.orderBus.startServing(app)
    }
}
