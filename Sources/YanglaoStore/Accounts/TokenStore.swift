import Crypto
import Fluent
import Foundation
import SQLKit
import Synchronization

/// API bearer tokens: issued at login, expire on their own, revoked at logout, on password
/// reset and when an account is disabled.
public enum TokenStore {
    public static let prefix = "yl_"

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A new random token; only its digest is stored.
    public static func issue(for user: UserModel, lifetime: TimeInterval, address: String?, on db: any Database) async throws -> (
        token: String, expiresAt: Date
    ) {
        var bytes = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: .min ... .max, using: &rng) }
        let token =
            prefix
            + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let expiresAt = Date().addingTimeInterval(lifetime)
        try await ApiTokenModel(tokenHash: digest(token), userID: user.requireID(), expiresAt: expiresAt, address: address).create(on: db)
        return (token, expiresAt)
    }

    /// The active account a token belongs to, or nil when the token is unknown, expired, revoked, or its account disabled.
    /// A token checked within the last second is answered from `recent`: this runs on every API request.
    public static func authenticate(_ token: String, on db: any Database, now: Date = Date()) async throws -> (user: UserModel, tokenID: UUID)? {
        guard token.hasPrefix(prefix), token.count < 200 else { return nil }
        let digest = digest(token)
        if let row = recent.row(for: digest, now: now) { return row.account }
        // One joined query in plain SQL, read into the account by hand.
        let users = UserModel.schema
        let tokens = ApiTokenModel.schema
        guard
            let row = try await db.sqlDatabase().select()
                .column(SQLColumn("id", table: tokens), as: "token_id").column(SQLColumn("id", table: users), as: "user_id")
                .column(SQLColumn("expires_at", table: tokens))
                .columns(
                    ["username", "display_name", "role", "region_code", "password_hash", "password_changed_at", "must_change_password"].map {
                        SQLColumn($0, table: users)
                    }
                )
                .from(tokens).join(users, on: SQLColumn("user_id", table: tokens), .equal, SQLColumn("id", table: users))
                .where(SQLColumn("token_hash", table: tokens), .equal, SQLBind(digest))
                .where(SQLColumn("revoked_at", table: tokens), .is, SQLLiteral.null)
                .where(SQLColumn("expires_at", table: tokens), .greaterThan, SQLBind(now))
                .where(SQLColumn("disabled", table: users), .equal, SQLBind(false))
                .first(decoding: TokenRow.self)
        else { return nil }
        recent.keep(row, for: digest, now: now)
        return row.account
    }

    /// Tokens found valid in the last `RecentTokens.lifetime`, by digest. Revoking a token or
    /// changing its account on this server forgets it at once; another server's copy lives at
    /// most that second longer.
    static let recent = RecentTokens()

    /// An account changed (role, region, disabled): its tokens are read afresh.
    static func forget(userID: UUID) { recent.forget { $0.user_id == userID } }

    public static func revoke(tokenID: UUID, on db: any Database) async throws {
        try await ApiTokenModel.query(on: db).filter(\.$id == tokenID).set(\.$revokedAt, to: Date()).update()
        recent.forget { $0.token_id == tokenID }
    }

    public static func revokeAll(userID: UUID, on db: any Database) async throws {
        try await ApiTokenModel.query(on: db)
            .filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: Date()).update()
        forget(userID: userID)
    }
}

/// A valid token's account as read from the database.
struct TokenRow: Decodable, Sendable {
    let token_id: UUID, user_id: UUID, expires_at: Date, username: String, display_name: String, role: String, region_code: String
    let password_hash: String, password_changed_at: Date?, must_change_password: Bool?

    /// A fresh account model each time: requests must not share one.
    var account: (user: UserModel, tokenID: UUID) {
        let user = UserModel()
        user.id = user_id
        user.$id.exists = true
        user.username = username
        user.displayName = display_name
        user.role = role
        user.regionCode = region_code
        user.passwordHash = password_hash
        user.disabled = false
        user.passwordChangedAt = password_changed_at
        user.mustChangePassword = must_change_password
        return (user, token_id)
    }
}

/// The token rows found valid in the last second.
final class RecentTokens: Sendable {
    static let lifetime: TimeInterval = 1
    private let rows = Mutex<[String: (row: TokenRow, until: Date)]>([:])

    func row(for digest: String, now: Date) -> TokenRow? {
        rows.withLock { rows in
            guard let kept = rows[digest] else { return nil }
            guard kept.until > now else {
                rows[digest] = nil
                return nil
            }
            return kept.row
        }
    }

    func keep(_ row: TokenRow, for digest: String, now: Date) {
        rows.withLock { rows in
            if rows.count >= 10_000 { rows = rows.filter { $0.value.until > now } }
            rows[digest] = (row, min(now.addingTimeInterval(Self.lifetime), row.expires_at))
        }
    }

    func forget(where matches: (TokenRow) -> Bool) {
        rows.withLock { rows in rows = rows.filter { !matches($0.value.row) } }
    }
}
