import Crypto
import Fluent
import Foundation

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
        // One joined query: this runs on every API request.
        guard let row = try await ApiTokenModel.query(on: db)
            .join(UserModel.self, on: \ApiTokenModel.$user.$id == \UserModel.$id)
            .filter(\.$tokenHash == digest(token))
            .filter(\.$revokedAt == nil)
            .filter(\.$expiresAt > Date())
            .filter(UserModel.self, \.$disabled == false)
            .first()
        else { return nil }
        return (try row.joined(UserModel.self), try row.requireID())
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
