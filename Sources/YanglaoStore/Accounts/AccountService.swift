import Fluent
import Foundation
import YanglaoCore

/// Creating, changing and listing accounts. The CLI, the API and the console all come here,
/// so the same rules, scoping and audit apply whichever door is used.
public struct AccountService: Sendable {
    public let context: StoreContext
    public let hasher: BcryptHasher
    var scoped: ScopedDatabase { context.scoped }
    var actor: Actor { context.actor }

    public init(_ context: StoreContext, hasher: BcryptHasher) {
        self.context = context
        self.hasher = hasher
    }

    public struct NewAccount: Sendable {
        public var username: String
        public var displayName: String
        public var role: Role
        public var region: RegionCode
        public var password: String
        /// The password was chosen for the account (printed, handed out): it must be changed at first sign-in.
        public var mustChangePassword: Bool
        /// For sign-in by a code sent to it; sealed.
        public var phone: PhoneNumber?
        public init(
            username: String, displayName: String, role: Role, region: RegionCode, password: String, mustChangePassword: Bool = false,
            phone: PhoneNumber? = nil
        ) {
            self.phone = phone
            self.username = username
            self.displayName = displayName
            self.role = role
            self.region = region
            self.password = password
            self.mustChangePassword = mustChangePassword
        }
    }

    public struct Changes: Sendable {
        public var displayName: String?
        public var role: Role?
        public var region: RegionCode?
        public var disabled: Bool?
        public init(displayName: String? = nil, role: Role? = nil, region: RegionCode? = nil, disabled: Bool? = nil) {
            self.displayName = displayName
            self.role = role
            self.region = region
            self.disabled = disabled
        }
    }

    public struct ListFilter: Sendable {
        public enum Sort: String, Sendable, CaseIterable {
            case username
            case displayName = "display_name"
            case role
            case region
            case createdAt = "created_at"

            /// The column a sort key orders by (the API's names are not all column names).
            var column: FieldKey {
                switch self {
                case .region: "region_code"
                default: FieldKey(stringLiteral: rawValue)
                }
            }
        }
        public var search: String?
        public var role: Role?
        public var region: RegionCode?
        public var disabled: Bool?
        public var sort: Sort = .username
        public var descending = false
        public init() {}
    }

    private func requireAdmin() throws {
        guard actor.role.canManageUsers else { throw AppError(.forbidden, "admin_only") }
    }

    private func requireRegion(_ code: RegionCode) async throws {
        do { try scoped.authorize(code) } catch { throw AppError(.forbidden, "region_forbidden", field: "regionCode", ["code": code.value]) }
        guard try await scoped.find(RegionModel.self, id: code.value) != nil else {
            throw AppError(.invalidInput, "region_not_found", field: "regionCode", ["code": code.value])
        }
    }

    private func check(_ rule: () throws(AccountRuleViolation) -> Void) throws {
        do { try rule() } catch { throw error.appError }
    }

    public func create(_ new: NewAccount) async throws -> UserModel {
        try requireAdmin()
        let username = new.username.lowercased()
        try check { () throws(AccountRuleViolation) in
            try AccountRules.checkUsername(username)
            try AccountRules.checkDisplayName(new.displayName)
            try AccountRules.checkBinding(role: new.role, region: new.region)
            try AccountRules.checkPassword(new.password)
        }
        try await requireRegion(new.region)
        if try await UserModel.query(on: scoped.database).filter(\.$username == username).first() != nil {
            throw AppError(.conflict, "username_taken", field: "username", ["username": username])
        }
        let user = UserModel(
            username: username, displayName: new.displayName.trimmingCharacters(in: .whitespaces),
            role: new.role, region: new.region, passwordHash: try await hasher.hash(new.password))
        user.mustChangePassword = new.mustChangePassword ? true : nil
        try user.setPhone(new.phone, protection: context.protection)
        try await scoped.database.transaction { db in
            try await user.create(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "user.create", recordType: "user",
                recordID: user.id?.uuidString, region: new.region,
                detail: "username=\(username) role=\(new.role.rawValue)")
        }
        return user
    }

    /// An account inside the scope, or not found.
    public func get(_ id: UUID) async throws -> UserModel {
        guard let user = try await scoped.find(UserModel.self, id: id) else {
            throw AppError(.notFound, "user_not_found")
        }
        return user
    }

    public func update(_ id: UUID, _ changes: Changes) async throws -> UserModel {
        try requireAdmin()
        let user = try await get(id)
        var notes: [String] = []
        if let name = changes.displayName, name != user.displayName {
            try check { () throws(AccountRuleViolation) in try AccountRules.checkDisplayName(name) }
            user.displayName = name.trimmingCharacters(in: .whitespaces)
            notes.append("display_name")
        }
        let role = changes.role ?? user.roleValue
        let region = changes.region ?? user.region
        if role != user.roleValue || region != user.region {
            try check { () throws(AccountRuleViolation) in try AccountRules.checkBinding(role: role, region: region) }
            try await requireRegion(region)
            if role != user.roleValue { notes.append("role \(user.role)→\(role.rawValue)") }
            if region != user.region { notes.append("region \(user.regionCode)→\(region.value)") }
            user.role = role.rawValue
            user.regionCode = region.value
        }
        var revokeTokens = false
        if let disabled = changes.disabled, disabled != user.disabled {
            if disabled && user.id == actor.userID { throw AppError(.invalidInput, "cannot_disable_self", field: "disabled") }
            user.disabled = disabled
            revokeTokens = disabled
            notes.append(disabled ? "disabled" : "enabled")
        }
        guard !notes.isEmpty else { return user }
        let summary = notes.joined(separator: "; ")
        let revoke = revokeTokens
        try await scoped.database.transaction { db in
            try await user.update(on: db)
            if revoke { try await TokenStore.revokeAll(userID: user.id!, on: db) }
            TokenStore.forget(userID: user.id!)
            try await AuditLog.record(
                on: db, actor: actor, action: "user.update", recordType: "user",
                recordID: user.id?.uuidString, region: user.region, detail: summary)
        }
        return user
    }

    /// Sets a new password; every token of the account is revoked and its web sessions end.
    public func resetPassword(_ id: UUID, to password: String) async throws {
        try requireAdmin()
        let user = try await get(id)
        try check { () throws(AccountRuleViolation) in try AccountRules.checkPassword(password) }
        user.passwordHash = try await hasher.hash(password)
        user.passwordChangedAt = Date()
        try await scoped.database.transaction { db in
            try await user.update(on: db)
            try await TokenStore.revokeAll(userID: user.id!, on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "user.reset_password", recordType: "user",
                recordID: user.id?.uuidString, region: user.region)
        }
    }

    /// The signed-in account chooses its own password: the current one proves it, the new one
    /// follows the rules and differs. Its other sessions and tokens end; the caller signs the
    /// session it came from in again.
    public func changeOwnPassword(current: String, to new: String) async throws -> UserModel {
        guard let id = actor.userID, let user = try await UserModel.find(id, on: scoped.database), !user.disabled else {
            throw AppError(.unauthenticated, "unauthenticated")
        }
        guard try await hasher.verify(current, against: user.passwordHash) else {
            throw AppError(.invalidInput, "password_current_wrong", field: "current")
        }
        try check { () throws(AccountRuleViolation) in try AccountRules.checkPassword(new) }
        guard new != current else { throw AppError(.invalidInput, "password_unchanged", field: "password") }
        user.passwordHash = try await hasher.hash(new)
        user.passwordChangedAt = Date()
        user.mustChangePassword = nil
        let actor = actor
        try await scoped.database.transaction { db in
            try await user.update(on: db)
            try await TokenStore.revokeAll(userID: id, on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "user.change_password", recordType: "user", recordID: id.uuidString, region: user.region)
        }
        return user
    }

    public func list(_ filter: ListFilter, page: ListPage) async throws -> (items: [UserModel], total: Int) {
        var q: QueryBuilder<UserModel>
        do { q = try scoped.query(UserModel.self, within: filter.region) } catch {
            throw AppError(.forbidden, "region_forbidden", field: "region", ["code": error.requested.value])
        }
        if let s = filter.search?.trimmingCharacters(in: .whitespaces), !s.isEmpty {
            q = q.group(.or) { $0.filter("username", containing: s.lowercased()).filter("display_name", containing: s) }
        }
        if let role = filter.role { q = q.filter(\.$role == role.rawValue) }
        if let disabled = filter.disabled { q = q.filter(\.$disabled == disabled) }
        let total = try await q.count()
        let direction: DatabaseQuery.Sort.Direction = filter.descending ? .descending : .ascending
        q = q.sort(filter.sort.column, direction)
        if filter.sort != .username { q = q.sort(\.$username) }
        let items = try await q.range(page.offset..<(page.offset + page.per)).all()
        return (items, total)
    }

    /// Looks an account up by username inside the scope (for the CLI).
    public func find(username: String) async throws -> UserModel {
        guard let user = try await scoped.query(UserModel.self).filter(\.$username == username.lowercased()).first() else {
            throw AppError(.notFound, "user_not_found")
        }
        return user
    }
}
