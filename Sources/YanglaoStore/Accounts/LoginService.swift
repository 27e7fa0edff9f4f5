import Fluent
import Foundation
import YanglaoCore

/// Checks a username and password, throttling repeated failures per account *and address*
/// and per address. Failures for an account from one address slow only that address (a
/// wait that doubles with each further failure): the account holder signing in from
/// anywhere else is never locked out by someone guessing their password. An address that
/// fails on many accounts is slowed as a whole (`perAddress`). The address is the one
/// `TrustedProxies` allows, so a client cannot choose it with `X-Forwarded-For`.
public struct LoginService: Sendable {
    public let database: any Database
    public let hasher: BcryptHasher
    public var accountPolicy = LoginThrottlePolicy.perAccount
    public var addressPolicy = LoginThrottlePolicy.perAddress

    public init(database: any Database, hasher: BcryptHasher) {
        self.database = database
        self.hasher = hasher
    }

    /// The account, or an error: `login_throttled` (with retry-after), `login_failed` or `account_disabled`.
    public func login(username rawUsername: String, password: String, address: String?) async throws -> UserModel {
        let username = rawUsername.lowercased().trimmingCharacters(in: .whitespaces)
        let keys = Self.throttleKeys(username: username, address: address).map { ($0, $0.hasPrefix("address:") ? addressPolicy : accountPolicy) }
        let now = Date()
        for (key, policy) in keys {
            let wait = try await retryAfter(key: key, policy: policy, now: now)
            if wait > 0 {
                throw AppError(
                    .rateLimited(retryAfterSeconds: Int(wait.rounded(.up))), "login_throttled", ["seconds": String(Int(wait.rounded(.up)))])
            }
        }
        let user = try await UserModel.query(on: database).filter(\.$username == username).first()
        let ok = try await hasher.verify(password, against: user?.passwordHash ?? BcryptHasher.decoyHash)
        guard let user, ok else {
            try await recordFailure(keys: keys.map(\.0), at: now, user: user, address: address)
            throw AppError(.unauthenticated, "login_failed")
        }
        guard !user.disabled else { throw AppError(.forbidden, "account_disabled") }
        try await LoginFailureModel.query(on: database).filter(\.$key == keys[0].0).delete()
        try await AuditLog.record(
            on: database, actor: Actor(user: user, address: address), action: "auth.login",
            recordType: "user", recordID: user.id?.uuidString, region: user.region)
        return user
    }

    /// The counters a login attempt is checked against: the account at this address first, then the address.
    static func throttleKeys(username: String, address: String?) -> [String] {
        guard let address else { return ["account:" + username] }
        return ["account:\(username)@\(address)", "address:" + address]
    }

    private func retryAfter(key: String, policy: LoginThrottlePolicy, now: Date) async throws -> Double {
        let since = now.addingTimeInterval(-policy.window)
        let times = try await LoginFailureModel.query(on: database)
            .filter(\.$key == key).filter(\.$at > since)
            .all(\.$at)
        return policy.retryAfter(failures: times.map(\.timeIntervalSince1970), now: now.timeIntervalSince1970)
    }

    private func recordFailure(keys: [String], at now: Date, user: UserModel?, address: String?) async throws {
        try await database.transaction { db in
            for key in keys { try await LoginFailureModel(key: key, at: now).create(on: db) }
            let horizon = now.addingTimeInterval(-max(accountPolicy.window, addressPolicy.window))
            try await LoginFailureModel.query(on: db).filter(\.$at < horizon).delete()
            if let user {
                try await AuditLog.record(
                    on: db, actor: Actor(userID: nil, username: user.username, role: user.roleValue, region: user.region, address: address),
                    action: "auth.login_failed", recordType: "user", recordID: user.id?.uuidString, region: user.region)
            }
        }
    }
}
