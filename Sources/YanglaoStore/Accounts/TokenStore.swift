import Crypto
import Fluent
import Foundation
import SQLKit

/// API bearer tokens: issued at login, expire on their own, revoked at logout, on password
/// reset and when an account is disabled.
public enum TokenStore {
    public static let prefix = "yl_"

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A new random token; only its digest is stored.
    public static func issue(for user: UserModel, lifetime: TimeInterval, address: String?, on db: any Database) async throws -> (token: String, expiresAt: Date) {
        var bytes = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: .min ... .max, using: &rng) }
        let token = prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let expiresAt = Date().addingTimeInterval(lifetime)
        try await ApiTokenModel(tokenHash: digest(token), userID: user.requireID(), expiresAt: expiresAt, address: address).create(on: db)
        return (token, expiresAt)
    }

    /// The active account a token belongs to, or nil when the token is unknown, expired, revoked, or its account disabled.
    public static func authenticate(_ token: String, on db: any Database) async throws -> (user: UserModel, tokenID: UUID)? {
        guard token.hasPrefix(prefix), token.count < 200 else { return nil }
        // One joined query in plain SQL, read into the account by hand: this runs on every API request.
        struct Row: Decodable {
            let token_id: UUID, user_id: UUID, username: String, display_name: String, role: String, region_code: String
            let password_hash: String, password_changed_at: Date?
        }
        let users = UserModel.schema, tokens = ApiTokenModel.schema
        guard let row = try await (db as! any SQLDatabase).select()
            .column(SQLColumn("id", table: tokens), as: "token_id").column(SQLColumn("id", table: users), as: "user_id")
            .columns(["username", "display_name", "role", "region_code", "password_hash", "password_changed_at"].map { SQLColumn($0, table: users) })
            .from(tokens).join(users, on: SQLColumn("user_id", table: tokens), .equal, SQLColumn("id", table: users))
            .where(SQLColumn("token_hash", table: tokens), .equal, SQLBind(digest(token)))
            .where(SQLColumn("revoked_at", table: tokens), .is, SQLLiteral.null)
            .where(SQLColumn("expires_at", table: tokens), .greaterThan, SQLBind(Date()))
            .where(SQLColumn("disabled", table: users), .equal, SQLBind(false))
            .first(decoding: Row.self)
        else { return nil }
        let user = UserModel()
        user.id = row.user_id
        user.$id.exists = true
        user.username = row.username
        user.displayName = row.display_name
        user.role = row.role
        user.regionCode = row.region_code
        user.passwordHash = row.password_hash
        user.disabled = false
        user.passwordChangedAt = row.password_changed_at
        return (user, row.token_id)
    }

    public static func revoke(tokenID: UUID, on db: any Database) async throws {
        try await ApiTokenModel.query(on: db).filter(\.$id == tokenID).set(\.$revokedAt, to: Date()).update()
    }

    public static func revokeAll(userID: UUID, on db: any Database) async throws {
        try await ApiTokenModel.query(on: db)
            .filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: Date()).update()
    }
}
