import Fluent
import Leaf
import LeafKit
import Vapor
import YanglaoCore
import YanglaoStore

/// Where the web target's templates, static files, catalogues and OpenAPI document live.
public enum WebResources {
    public static var directory: URL { Bundle.module.bundleURL.appendingPathComponent("Resources") }
}

/// Sets up a Yanglao application: database, sessions, views, middleware, routes. Does not migrate.
public func configure(_ app: Application, config: AppConfig) throws {
    app.yanglaoConfig = config
    app.passwordHasher = BcryptHasher(cost: config.bcryptCost, threadPool: app.threadPool)
    app.registerReadCache = RegisterReadCache()
    app.dispatchCache = DispatchIndexCache()
    app.alarmHub = AlarmHub()
    app.notificationOutbox = NotificationOutbox(app: app)
    app.eventBus = EventBus(logger: app.logger)
    OrderSubscriptions.register(on: app.eventBus)
    PlatformMetrics.bootstrap()

    try DatabaseSetup.configure(app, location: config.database)
    let groupCommit = DatabaseSetup.groupCommitDatabase(app, location: config.database)
    app.orderWriter = OrderWriter(database: groupCommit)
    app.alarmWriter = AlarmWriter(database: groupCommit)
    app.alarmBoardBus = try AlarmBoardBus(hub: app.alarmHub, location: config.database)
    if let given = config.dataProtection {
        app.dataProtection = given
    } else {
        let loaded = try DataProtection.load(for: config.database)
        app.dataProtection = loaded.protection
        app.logger.info("data key: \(loaded.origin)")
    }

    let resources = WebResources.directory
    app.catalogue = try Catalogue.load(from: resources.appendingPathComponent("Locales"))

    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    ContentConfiguration.global.use(decoder: decoder, for: .json)
    app.routes.defaultMaxBodySize = "1mb"

    app.views.use(.leaf)
    let views = resources.appendingPathComponent("Views").path + "/"
    app.leaf.sources = .singleSource(NIOLeafFiles(fileio: app.fileio, limits: [.toSandbox, .requireExtensions, .onlyLeafExtensions], sandboxDirectory: views, viewDirectory: views))
    app.leaf.cache.isEnabled = app.environment != .development

    app.sessions.use(.fluent)
    let secure = config.secureCookies
    app.sessions.configuration = SessionsConfiguration(cookieName: "yanglao_session") { id in
        HTTPCookies.Value(string: id.string, expires: nil, maxAge: nil, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    app.middleware = Middlewares()
    app.middleware.use(SecurityHeaders())
    app.middleware.use(ErrorResponder())
    app.middleware.use(RouteLoggingMiddleware(logLevel: .debug))
    app.middleware.use(FileMiddleware(publicDirectory: resources.appendingPathComponent("Public").path + "/",
                                      advancedETagComparison: true))

    let openAPI = try Data(contentsOf: resources.appendingPathComponent("openapi.json"))
    try app.register(collection: SystemRoutes(openAPIDocument: ByteBuffer(bytes: openAPI)))

    let api = app.grouped("api", "v1").grouped(BearerTokenAuthenticator())
    AuthAPI().bootPublic(api)
    AlarmsAPI().bootIntake(api)
    let protected = api.grouped(RequireAPIUser())
    AuthAPI().bootProtected(protected)
    try protected.register(collection: RegionsAPI())
    try protected.register(collection: UsersAPI())
    try protected.register(collection: AuditAPI())
    try protected.register(collection: EldersAPI())
    try protected.register(collection: ElderImportAPI())
    try protected.register(collection: DiscoveryAPI())
    try protected.register(collection: FamilyAPI())
    try protected.register(collection: AssessmentsAPI())
    try protected.register(collection: ServiceListAPI())
    try protected.register(collection: EligibilityRoutes())
    try protected.register(collection: SubsidyRoutes())
    try protected.register(collection: SubsidySchemeRoutes())
    try protected.register(collection: OrdersAPI())
    try protected.register(collection: ProvidersAPI())
    try protected.register(collection: FollowUpRoutes())
    try protected.register(collection: AlarmsAPI())

    let web = app.grouped(app.sessions.middleware, MarkSession(),
                          SessionUserAuthenticator(idleTimeout: config.sessionIdleTimeout), CSRF.Check())
    LoginPages().boot(public: web)
    LocaleSwitch().boot(web)
    ServiceListPages().bootPublic(web)
    let pages = web.grouped(RequirePageUser())
    RegionPages().boot(pages)
    AlarmStatsRoutes().boot(api: protected, pages: pages)
    AlarmPages().boot(pages)
    UserPages().boot(pages)
    AuditPages().boot(pages)
    ElderPages().boot(pages)
    ElderImportPages().boot(pages)
    WorkItemPages().boot(pages)
    FamilyPages().boot(pages)
    AssessmentPages().boot(pages)
    ServiceListPages().boot(pages)
    EligibilityRoutes().bootPages(pages)
    SubsidySchemeRoutes().bootPages(pages)
    SubsidyRoutes().bootPages(pages)
    OrderPages().boot(pages)
    WorkerPages().boot(pages)
    CarePages().boot(pages)
    ProviderPages().boot(pages)
    FollowUpRoutes().bootPages(pages)
    ProviderDeskPages().boot(pages)
}

/// Migrates the database of a configured application.
public func migrate(_ app: Application) async throws {
    try await DatabaseSetup.migrate(app, location: app.yanglaoConfig.database)
    try await app.dataProtection.verify(on: app.db)
    let sealed = try await ProviderModel.sealClearContactPhones(on: app.db, with: app.dataProtection)
    if sealed > 0 { app.logger.notice("sealed the contact phones of \(sealed) providers") }
}
