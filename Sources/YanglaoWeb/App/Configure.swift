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

extension Catalogue {
    /// The platform's strings and every domain module's, from the bundled resources.
    public static func bundled() throws -> Catalogue {
        try load(from: WebResources.directory.appendingPathComponent("Locales"), parts: Domains.all.map(\.name))
    }
}

/// Sets up a Yanglao application: database, sessions, views, middleware, routes. Does not migrate.
public func configure(_ app: Application, config: AppConfig) throws {
    app.yanglaoConfig = config
    app.passwordHasher = BcryptHasher(cost: config.bcryptCost, threadPool: app.threadPool)
    app.eventBus = EventBus(logger: app.logger)
    app.storeNode = NodeState(events: app.eventBus)
    PlatformMetrics.bootstrap()

    try DatabaseSetup.configure(app, location: config.database, migrations: Domains.all.flatMap(\.migrations))
    if let given = config.dataProtection {
        app.dataProtection = given
    } else {
        let loaded = try DataProtection.load(for: config.database)
        app.dataProtection = loaded.protection
        app.logger.info("data key: \(loaded.origin)")
    }

    let resources = WebResources.directory
    app.catalogue = try Catalogue.bundled()
    for module in Domains.all { try module.configure(app) }

    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    ContentConfiguration.global.use(decoder: decoder, for: .json)
    app.routes.defaultMaxBodySize = "1mb"

    app.views.use(.leaf)
    let views = resources.appendingPathComponent("Views").path + "/"
    app.leaf.sources = .singleSource(
        NIOLeafFiles(
            fileio: app.fileio, limits: [.toSandbox, .requireExtensions, .onlyLeafExtensions], sandboxDirectory: views, viewDirectory: views))
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
    app.middleware.use(
        FileMiddleware(
            publicDirectory: resources.appendingPathComponent("Public").path + "/",
            advancedETagComparison: true))

    let openAPI = try OpenAPIDocument.data(from: resources.appendingPathComponent("OpenAPI"), parts: Domains.all.map(\.name))
    try app.register(collection: SystemRoutes(openAPIDocument: ByteBuffer(bytes: openAPI)))

    let api = app.grouped("api", "v1").grouped(BearerTokenAuthenticator())
    let web = app.grouped(
        app.sessions.middleware, MarkSession(),
        SessionUserAuthenticator(idleTimeout: config.sessionIdleTimeout), CSRF.Check())
    LocaleSwitch().boot(web)
    let pages = web.grouped(RequirePageUser())
    pages.get(use: Home.redirect)
    let routes = DomainRoutes(publicAPI: api, api: api.grouped(RequireAPIUser()), publicPages: web, pages: pages)
    for module in Domains.all { try module.boot(routes) }
}

/// Migrates the database of a configured application.
public func migrate(_ app: Application) async throws {
    try await DatabaseSetup.migrate(app, location: app.yanglaoConfig.database)
    try await app.dataProtection.verify(on: app.db)
    for module in Domains.all { try await module.afterMigrate(app) }
}

/// Starts a serving node's background work: the delivery of pending domain events, each
/// domain's periodic jobs and listeners, and the SQLite checkpoints.
public func startServing(_ app: Application) async throws {
    JobRunner.start(EventBus.deliveryJob, on: app)
    for module in Domains.all {
        for job in module.jobs(app) { JobRunner.start(job, on: app) }
        try await module.startServing(app)
    }
    try await WALCheckpointer.start(app, location: app.yanglaoConfig.database)
}
