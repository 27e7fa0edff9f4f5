import Fluent
import Vapor
import YanglaoCore
import YanglaoStore

/// The signed-in account of a request, by bearer token (API) or session (console).
struct CurrentUser: Authenticatable {
    let user: UserModel
    /// Set when authenticated by an API token, so logout can revoke exactly it.
    let tokenID: UUID?
    /// The provider of a provider administrator or service worker (`ProviderMembership`).
    let provider: UUID?

    static func signedIn(_ user: UserModel, tokenID: UUID?, on db: any Database) async throws -> CurrentUser {
        let provider = user.roleValue.isProviderBound ? try await ProviderMembership.provider(of: user, on: db) : nil
        return CurrentUser(user: user, tokenID: tokenID, provider: provider)
    }

    func actor(address: String?) -> Actor { Actor(user: user, address: address, provider: provider) }
}

/// `Authorization: Bearer yl_…` → the account, when the token is valid.
struct BearerTokenAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        guard let (user, tokenID) = try await TokenStore.authenticate(bearer.token, on: request.db) else { return }
        request.auth.login(try await CurrentUser.signedIn(user, tokenID: tokenID, on: request.db))
    }
}

/// The console's session → the account. A session ends when the account is disabled, its
/// password changes, or it sits idle too long.
struct SessionUserAuthenticator: AsyncMiddleware {
    static let userKey = "uid"
    static let signedInAtKey = "at"
    static let lastSeenKey = "seen"
    let idleTimeout: TimeInterval

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let idText = request.session.data[Self.userKey], let id = UUID(uuidString: idText) {
            let now = Date().timeIntervalSince1970
            let signedIn = request.session.data[Self.signedInAtKey].flatMap(Double.init) ?? 0
            let lastSeen = request.session.data[Self.lastSeenKey].flatMap(Double.init) ?? 0
            if now - lastSeen > idleTimeout {
                request.session.destroy()
            } else if let user = try await UserModel.find(id, on: request.db), !user.disabled,
                (user.passwordChangedAt?.timeIntervalSince1970 ?? 0) <= signedIn + 1
            {
                request.auth.login(try await CurrentUser.signedIn(user, tokenID: nil, on: request.db))
                // Touch at most once a minute, so reads do not all write the session.
                if now - lastSeen > 60 { request.session.data[Self.lastSeenKey] = String(now) }
            } else {
                request.session.destroy()
            }
        }
        return try await next.respond(to: request)
    }

    static func signIn(_ user: UserModel, on request: Request) {
        let now = String(Date().timeIntervalSince1970)
        request.session.data[userKey] = user.id?.uuidString
        request.session.data[signedInAtKey] = now
        request.session.data[lastSeenKey] = now
        request.session.data[CSRF.sessionKey] = CSRF.newToken()
    }
}

/// API routes that need a signed-in account.
struct RequireAPIUser: AsyncMiddleware {
    /// What an account that must change its password may still call.
    static let beforePasswordChange: Set<String> = ["/api/v1/me", "/api/v1/me/password", "/api/v1/auth/logout"]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let current = request.auth.get(CurrentUser.self) else { throw AppError(.unauthenticated, "unauthenticated") }
        if current.user.mustChangePassword == true, !Self.beforePasswordChange.contains(request.url.path) {
            throw AppError(.forbidden, "password_change_required")
        }
        return try await next.respond(to: request)
    }
}

/// Console pages that need a signed-in account: others go to the login page.
struct RequirePageUser: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(CurrentUser.self) else {
            let target =
                request.url.path == "/"
                ? "/login" : "/login?next=\(request.url.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/")"
            return request.redirect(to: target)
        }
        if request.auth.get(CurrentUser.self)?.user.mustChangePassword == true, request.url.path != PasswordPages.path {
            return request.redirect(to: PasswordPages.path)
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    var currentUser: CurrentUser {
        get throws {
            guard let user = auth.get(CurrentUser.self) else { throw AppError(.unauthenticated, "unauthenticated") }
            return user
        }
    }

    /// The client's address: the peer, or, when the peer is a configured trusted proxy, the
    /// nearest `X-Forwarded-For` hop that is not one (`TrustedProxies`).
    var clientAddress: String? {
        application.yanglaoConfig.trustedProxies.clientAddress(
            peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor].joined(separator: ","))
    }

    var actor: Actor {
        get throws { try currentUser.actor(address: clientAddress) }
    }

    /// The database as this request's account may see it: the only way handlers reach region-owned data.
    var scoped: ScopedDatabase {
        get throws { ScopedDatabase(database: db, actor: try actor) }
    }

    var hasher: BcryptHasher { application.passwordHasher }

    /// What a service needs to act for this request's account (`StoreContext`).
    var context: StoreContext {
        get throws { application.context(as: try actor, on: db) }
    }

    var accounts: AccountService {
        get throws { AccountService(try context, hasher: hasher) }
    }
}

extension Application {
    private struct HasherKey: StorageKey { typealias Value = BcryptHasher }
    public var passwordHasher: BcryptHasher {
        get { storage[HasherKey.self]! }
        set { storage[HasherKey.self] = newValue }
    }

    private struct DataProtectionKey: StorageKey { typealias Value = DataProtection }
    public var dataProtection: DataProtection {
        get { storage[DataProtectionKey.self]! }
        set { storage[DataProtectionKey.self] = newValue }
    }

    private struct EventBusKey: StorageKey { typealias Value = EventBus }
    /// The domains' subscriptions to each other's events (one per server).
    public var eventBus: EventBus {
        get { storage[EventBusKey.self]! }
        set { storage[EventBusKey.self] = newValue }
    }

    private struct StoreNodeKey: StorageKey { typealias Value = NodeState }
    /// What this server's requests share: filled by the domain modules' `configure`.
    public var storeNode: NodeState {
        get { storage[StoreNodeKey.self] ?? NodeState() }
        set { storage[StoreNodeKey.self] = newValue }
    }

    /// A context for `actor` on this server: background jobs, the command line, tests.
    public func context(as actor: Actor, on database: (any Database)? = nil, today: CalendarDate = .today()) -> StoreContext {
        StoreContext(database: database ?? db, actor: actor, protection: dataProtection, today: today, node: storeNode)
    }

    private struct ConfigKey: StorageKey { typealias Value = AppConfig }
    public var yanglaoConfig: AppConfig {
        get { storage[ConfigKey.self]! }
        set { storage[ConfigKey.self] = newValue }
    }
}
