import Fluent
import NIOCore
import Vapor
import YanglaoStore

/// One domain's registration point: everything the platform must know about a domain is
/// said here, and the application (`configure`, `migrate`, `startServing`, the console's
/// navigation and home page, the string catalogue, the OpenAPI document) iterates over
/// `Domains.all` instead of naming domains. Every requirement has a default, so a module
/// states only what its domain has.
protocol DomainModule: Sendable {
    /// Short name; also the name of the domain's parts under `Resources/`
    /// (`Locales/<locale>/<name>.json`, `OpenAPI/<name>.json`).
    var name: String { get }

    /// The domain's schema changes, in order. The modules' order in `Domains.all` is the order
    /// of the whole list, so a domain comes after the domains its tables refer to.
    var migrations: [any Migration] { get }

    /// Application state the domain keeps for the server's life (caches, group commits,
    /// live boards) and its subscriptions to other domains' events. Runs after the database,
    /// the data protection and the event bus are set up.
    func configure(_ app: Application) throws

    /// One-time data work after the migrations ran (e.g. sealing values an older version kept clear).
    func afterMigrate(_ app: Application) async throws

    /// The domain's API routes, device intake and console pages.
    func boot(_ routes: DomainRoutes) throws

    /// The navigation entries the domain offers to a signed-in account.
    func nav(for user: UserModel) -> [NavEntry]

    /// The start page of an account whose daily work is this domain's (nil: not this domain's).
    func home(for user: UserModel) -> String?

    /// Periodic work on a serving node (`JobRunner` runs them).
    func jobs(_ app: Application) -> [Job]

    /// The domain's figures for the cockpit, each with the tallies it is computed from.
    var figureSources: [any FigureSource] { get }

    /// Long-lived work a serving node starts besides the periodic jobs (listeners).
    func startServing(_ app: Application) async throws
}

extension DomainModule {
    var migrations: [any Migration] { [] }
    func configure(_ app: Application) throws {}
    func afterMigrate(_ app: Application) async throws {}
    func boot(_ routes: DomainRoutes) throws {}
    func nav(for user: UserModel) -> [NavEntry] { [] }
    func home(for user: UserModel) -> String? { nil }
    func jobs(_ app: Application) -> [Job] { [] }
    var figureSources: [any FigureSource] { [] }
    func startServing(_ app: Application) async throws {}
}

/// Where a module hangs its routes.
struct DomainRoutes {
    /// `/api/v1` with the bearer token read but not required: sign-in and device intake,
    /// which check their own credentials.
    let publicAPI: any RoutesBuilder
    /// `/api/v1` for a signed-in account.
    let api: any RoutesBuilder
    /// The console with its session, before sign-in is required (login, published pages).
    let publicPages: any RoutesBuilder
    /// Console pages for a signed-in account.
    let pages: any RoutesBuilder
}

/// One entry of the console's navigation bar.
struct NavEntry: Sendable {
    /// Where the entry sits in the bar, lower first: modules need not know each other's entries.
    let position: Int
    let href: String
    /// The catalogue key of its label.
    let label: String
    /// The path prefix of the pages the entry stands for: those mark it as the current one.
    let section: String

    init(_ position: Int, _ href: String, label: String, section: String? = nil) {
        self.position = position
        self.href = href
        self.label = label
        self.section = section ?? href
    }
}
