import Fluent
import Foundation
import YanglaoCore

/// Accounts in bulk from a table (username, name, role, region): every row checked first;
/// a file without problems creates its new accounts in one transaction, each with a
/// generated password that must be changed at first sign-in, and nothing otherwise. An
/// account that exists with the same name, role and region is left as it is, so the same
/// file again changes nothing; one that differs is a problem, never silently changed.
public struct AccountImporter: Sendable {
    public let context: StoreContext
    public let hasher: BcryptHasher
    /// Role names a file may use besides the codes (e.g. 县级民政 → county_officer).
    public let roleNames: [String: Role]

    public init(_ context: StoreContext, hasher: BcryptHasher, roleNames: [String: Role] = [:]) {
        self.context = context
        self.hasher = hasher
        self.roleNames = roleNames
    }

    enum Column: CaseIterable {
        case username
        case name
        case role
        case region
        case phone

        var headers: [String] {
            switch self {
            case .username: ["username", "用户名", "账号", "登录名"]
            case .name: ["name", "姓名", "名称", "显示名"]
            case .role: ["role", "角色"]
            case .region: ["region", "区划代码", "区划", "所属区划"]
            case .phone: ["phone", "电话", "手机号", "联系电话"]
            }
        }
    }

    public struct Created: Sendable {
        public let username: String
        public let name: String
        public let role: Role
        public let region: RegionCode
        /// The phone from the file, checked; sealed when the account is created.
        public let phone: PhoneNumber?
        /// Shown once, for handing out.
        public let password: String
    }

    public struct Report: Sendable {
        public let rows: Int
        public let created: [Created]
        public let unchanged: Int
        public let problems: [RegionFile.Problem]
        public let committed: Bool
    }

    public func run(_ table: [[String]], commit: Bool, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Report {
        guard context.actor.role.canManageUsers else { throw AppError(.forbidden, "admin_only") }
        let header: TableHeader<Column>
        do { header = try TableHeader(table, spellings: \Column.headers, required: [.username, .name, .role, .region]) } catch {
            throw error.appError
        }
        var problems: [RegionFile.Problem] = []
        var planned: [Created] = []
        var unchanged = 0
        var seen = Set<String>()
        let db = context.scoped.database
        for (offset, cells) in table.dropFirst().enumerated() where cells.contains(where: { !$0.trimmed.isEmpty }) {
            let line = offset + 2
            func cell(_ c: Column) -> String { header.cell(c, in: cells) }
            func problem(_ c: Column, _ error: AppError) {
                problems.append(.init(line: line, column: header.name(of: c), code: error.code, value: cell(c), arguments: error.arguments))
            }
            let username = cell(.username).lowercased()
            let name = cell(.name)
            guard let role = Role(rawValue: cell(.role)) ?? roleNames[cell(.role)] else {
                problem(.role, AppError(.invalidInput, "role_unknown"))
                continue
            }
            guard let region = RegionFile.code(cell(.region)) else {
                problem(.region, AppError(.invalidInput, "region_code_invalid"))
                continue
            }
            do {
                try AccountRules.checkUsername(username)
            } catch {
                problem(.username, error.appError)
                continue
            }
            do { try AccountRules.checkDisplayName(name) } catch {
                problem(.name, error.appError)
                continue
            }
            do { try AccountRules.checkBinding(role: role, region: region) } catch {
                problem(.role, error.appError)
                continue
            }
            var phone: PhoneNumber?
            if !cell(.phone).isEmpty {
                do { phone = try PhoneNumber(cell(.phone)) } catch {
                    problem(.phone, error.appError(field: "phone"))
                    continue
                }
            }
            guard seen.insert(username).inserted else {
                problem(.username, AppError(.invalidInput, "username_repeated"))
                continue
            }
            guard context.scoped.allows(region), try await RegionModel.find(region.value, on: db) != nil else {
                problem(.region, AppError(.invalidInput, "region_not_found", ["code": region.value]))
                continue
            }
            if let existing = try await UserModel.query(on: db).filter(\.$username == username).first() {
                if existing.displayName == name && existing.roleValue == role && existing.region == region {
                    unchanged += 1
                } else {
                    problem(.username, AppError(.conflict, "username_taken", ["username": username]))
                }
                continue
            }
            planned.append(Created(username: username, name: name, role: role, region: region, phone: phone, password: Passwords.generate()))
        }
        let rows = planned.count + unchanged + problems.count
        guard commit, problems.isEmpty, !planned.isEmpty else {
            return Report(rows: rows, created: planned, unchanged: unchanged, problems: problems, committed: false)
        }
        var users: [UserModel] = []
        for (i, account) in planned.enumerated() {
            let user = UserModel(
                username: account.username, displayName: account.name, role: account.role, region: account.region,
                passwordHash: try await hasher.hash(account.password))
            user.mustChangePassword = true
            try user.setPhone(account.phone, protection: context.protection)
            users.append(user)
            progress(i + 1, planned.count)
        }
        let (toCreate, actor) = (users, context.actor)
        try await db.transaction { tx in
            for user in toCreate {
                try await user.create(on: tx)
                try await AuditLog.record(
                    on: tx, actor: actor, action: "user.create", recordType: "user", recordID: user.id?.uuidString, region: user.region,
                    detail: "username=\(user.username) role=\(user.role) import")
            }
        }
        return Report(rows: rows, created: planned, unchanged: unchanged, problems: problems, committed: true)
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
