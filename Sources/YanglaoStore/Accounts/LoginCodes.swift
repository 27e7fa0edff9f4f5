import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// One sign-in code sent by text message (短信验证码): kept as a keyed hash, never in clear;
/// the message itself is sealed until it is sent. It is also its own outbox row, written in
/// one insert, so a code asked for is a message that will be sent.
public final class LoginCodeModel: Model, @unchecked Sendable {
    public static let schema = "login_codes"

    @ID(key: .id) public var id: UUID?
    /// The account the code signs in; nil when no account has the phone (asked for all the same, so as not to tell).
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "phone_lookup") public var phoneLookup: String
    @Field(key: "address") public var address: String
    @Field(key: "code_hash") public var codeHash: String
    @OptionalField(key: "phone_cipher") public var phoneCipher: String?
    @OptionalField(key: "message_cipher") public var messageCipher: String?
    /// pending, sent, failed, or none (no account: nothing to send).
    @Field(key: "status") public var status: String
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "next_attempt_at") public var nextAttemptAt: Date
    @OptionalField(key: "last_error") public var lastError: String?
    @Field(key: "tries") public var tries: Int
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?
    @OptionalField(key: "sent_at") public var sentAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

struct CreateLoginCodes: TableMigration {
    let tables = [LoginCodeModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(LoginCodeModel.schema)
            .id()
            .field("user_id", .uuid, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("phone_lookup", .string, .required)
            .field("address", .string, .required)
            .field("code_hash", .string, .required)
            .field("phone_cipher", .string)
            .field("message_cipher", .string)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("tries", .int, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("sent_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.index(on: LoginCodeModel.schema, named: "login_codes_phone", columns: ["phone_lookup", "created_at"])
        try await database.index(on: LoginCodeModel.schema, named: "login_codes_address", columns: ["address", "created_at"])
        try await database.index(on: LoginCodeModel.schema, named: "login_codes_due", columns: ["status", "next_attempt_at"])
    }
}

/// The keyed hash of an account's phone, to find the account a code is asked for.
struct AddUserPhoneLookup: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserModel.schema).field("phone_lookup", .string).update()
        try await database.index(on: UserModel.schema, named: "users_phone_lookup", columns: ["phone_lookup"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserModel.schema).deleteField("phone_lookup").update()
    }
}

extension UserModel {
    static let phoneLookupKind = "user-phone"

    /// Records the account's phone: sealed, masked, and hashed for sign-in by code.
    func setPhone(_ phone: PhoneNumber?, protection: DataProtection) throws {
        phoneCipher = try phone.map { try protection.seal($0.value) }
        phoneMasked = phone?.masked
        phoneLookup = phone.map { protection.lookupHash($0.value, kind: Self.phoneLookupKind) }
    }
}

/// Sign-in with a phone number and a code sent to it, for elders and families who have no
/// password to remember. The same answer whether or not an account has the phone; codes
/// throttled per phone and per address, and each tried a few times only (`LoginCodePolicy`).
public struct PhoneLogin: Sendable {
    public let database: any Database
    public let protection: DataProtection
    public var policy = LoginCodePolicy.standard
    public static let maxSendAttempts = 3

    public init(database: any Database, protection: DataProtection) {
        self.database = database
        self.protection = protection
    }

    /// A mobile number, or `phone_invalid`.
    public static func mobile(_ text: String) throws -> PhoneNumber {
        guard let phone = try? PhoneNumber(text), phone.value.count == 11, phone.value.hasPrefix("1") else {
            throw AppError(.invalidInput, "phone_mobile_invalid", field: "phone")
        }
        return phone
    }

    /// Sends a code to `phoneText` if an account has it; throttled either way. Returns the
    /// code's id (for the outbox's kick).
    @discardableResult
    public func requestCode(phone phoneText: String, address: String?, now: Date = Date()) async throws -> UUID {
        let phone = try Self.mobile(phoneText)
        let lookup = protection.lookupHash(phone.value, kind: UserModel.phoneLookupKind)
        let address = address ?? "unknown"
        let hourAgo = now.addingTimeInterval(-3_600)
        let byPhone = try await LoginCodeModel.query(on: database).filter(\.$phoneLookup == lookup).filter(\.$createdAt > hourAgo).all(\.$createdAt)
        let byAddress = try await LoginCodeModel.query(on: database).filter(\.$address == address).filter(\.$createdAt > hourAgo).all(\.$createdAt)
        let wait = policy.wait(
            phone: byPhone.map(\.timeIntervalSince1970), address: byAddress.map(\.timeIntervalSince1970), now: now.timeIntervalSince1970)
        if wait > 0 {
            let seconds = Int(wait.rounded(.up))
            throw AppError(.rateLimited(retryAfterSeconds: seconds), "login_code_throttled", ["seconds": String(seconds)])
        }
        let user = try await UserModel.query(on: database).filter(\.$phoneLookup == lookup).filter(\.$disabled == false).first()
        var random = SystemRandomNumberGenerator()
        let code = policy.code(using: &random)
        let row = LoginCodeModel()
        row.id = UUID()
        row.userID = user?.id
        row.phoneLookup = lookup
        row.address = address
        row.codeHash = Self.hash(code, phone: lookup, protection: protection)
        row.status = user == nil ? "none" : "pending"
        if user != nil {
            row.phoneCipher = try protection.seal(phone.value)
            row.messageCipher = try protection.seal(
                "【养老服务平台】您的登录验证码为 \(code)，\(Int(policy.lifetime / 60)) 分钟内有效。如非本人操作，请忽略本短信。")
        }
        row.attempts = 0
        row.nextAttemptAt = now
        row.tries = 0
        row.expiresAt = now.addingTimeInterval(policy.lifetime)
        row.createdAt = now
        try await row.create(on: database)
        return row.id!
    }

    /// The account the latest live code of `phoneText` signs in, when `code` is it.
    public func verify(phone phoneText: String, code rawCode: String, address: String?, now: Date = Date()) async throws -> UserModel {
        let phone = try Self.mobile(phoneText)
        let code = rawCode.trimmingCharacters(in: .whitespaces)
        let lookup = protection.lookupHash(phone.value, kind: UserModel.phoneLookupKind)
        guard
            let row = try await LoginCodeModel.query(on: database).filter(\.$phoneLookup == lookup).filter(\.$usedAt == nil)
                .filter(\.$expiresAt > now).sort(\.$createdAt, .descending).first(),
            row.tries < policy.tries, let userID = row.userID
        else { throw AppError(.unauthenticated, "login_code_invalid") }
        guard code.count == policy.digits, Self.hash(code, phone: lookup, protection: protection) == row.codeHash else {
            // Counted in one statement, so parallel guesses cannot share one try.
            try await database.sqlDatabase().update(LoginCodeModel.schema).set("tries", to: SQLRaw("tries + 1"))
                .where("id", .equal, SQLBind(row.id!)).run()
            throw AppError(.unauthenticated, "login_code_invalid")
        }
        let used = try await database.sqlDatabase().update(LoginCodeModel.schema).set("used_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(row.id!)).where("used_at", .is, SQLLiteral.null).where("tries", .lessThan, SQLBind(policy.tries))
            .returning("id").all()
        guard !used.isEmpty, let user = try await UserModel.find(userID, on: database) else { throw AppError(.unauthenticated, "login_code_invalid") }
        guard !user.disabled else { throw AppError(.forbidden, "account_disabled") }
        try await AuditLog.record(
            on: database, actor: Actor(user: user, address: address), action: "auth.login",
            recordType: "user", recordID: user.id?.uuidString, region: user.region, detail: "phone_code")
        return user
    }

    static func hash(_ code: String, phone lookup: String, protection: DataProtection) -> String {
        protection.lookupHash(lookup + ":" + code, kind: "login-code")
    }

    /// Sends the codes that are due, through the same sender as every text message; a code
    /// that could not be sent before it expired is given up.
    public static func deliver(now: Date = Date(), sender: any NotificationSender, protection: DataProtection, on db: any Database) async throws {
        let due = try await LoginCodeModel.query(on: db).filter(\.$status == "pending").filter(\.$nextAttemptAt <= now).sort(\.$nextAttemptAt)
            .limit(100).all()
        for row in due {
            let claimed = try await db.sqlDatabase().update(LoginCodeModel.schema)
                .set("next_attempt_at", to: SQLBind(now.addingTimeInterval(60))).set("attempts", to: SQLBind(row.attempts + 1))
                .where("id", .equal, SQLBind(row.id!)).where("status", .equal, SQLBind("pending"))
                .where("attempts", .equal, SQLBind(row.attempts)).returning("id").all()
            guard !claimed.isEmpty else { continue }
            row.attempts += 1
            if row.expiresAt <= now {
                row.status = "failed"
                row.lastError = "expired before it could be sent"
            } else {
                do {
                    let user = try await UserModel.find(row.userID, on: db)
                    try await sender.send(
                        OutgoingNotification(
                            id: row.id!, phone: try protection.open(row.phoneCipher ?? ""), name: user?.displayName ?? "",
                            relation: "本人", message: try protection.open(row.messageCipher ?? "")))
                    row.status = "sent"
                    row.sentAt = Date()
                    row.lastError = nil
                    // Sent: the text is no longer needed, and the code in it must not linger.
                    row.messageCipher = nil
                } catch {
                    row.lastError = String(String(describing: error).prefix(300))
                    row.nextAttemptAt = now.addingTimeInterval(5)
                    if row.attempts >= maxSendAttempts { row.status = "failed" }
                }
            }
            try await row.update(on: db)
        }
    }

    /// Hashes the phones of accounts recorded before sign-in by code existed.
    public static func backfillLookups(protection: DataProtection, on db: any Database) async throws {
        for user in try await UserModel.query(on: db).filter(\.$phoneCipher != nil).filter(\.$phoneLookup == nil).all() {
            guard let cipher = user.phoneCipher, let phone = try? PhoneNumber(try protection.open(cipher)) else { continue }
            user.phoneLookup = protection.lookupHash(phone.value, kind: UserModel.phoneLookupKind)
            try await user.update(on: db)
        }
    }
}
