import Vapor
import YanglaoCore
import YanglaoStore

/// Account management pages for administrators: `/admin/users…`.
struct UserPages {
    struct Row: Encodable {
        let id: String
        let username: String
        let displayName: String
        let role: String
        let regionCode: String
        let regionName: String
        /// Masked (138****5678), as every list shows a phone.
        let phone: String
        let disabled: Bool
    }

    typealias Option = Pages.Option
    typealias SortLink = Pages.SortLink

    struct ListBody: Encodable {
        let rows: [Row]
        let search: String
        let roles: [Option]
        let statuses: [Option]
        let columns: [SortLink]
        let pager: Pages.Pager
    }

    struct FormBody: Encodable {
        let isNew: Bool
        let id: String
        let username: String
        let displayName: String
        let regionCode: String
        let roles: [Option]
        let disabled: Bool
        let error: String?
        let errorField: String?
        let createdAt: String
    }

    func boot(_ routes: any RoutesBuilder) {
        let users = routes.grouped("admin", "users")
        users.get(use: list)
        users.get("new", use: newForm)
        users.post(use: create)
        users.get(":id", use: edit)
        users.post(":id", use: update)
        users.post(":id", "password", use: resetPassword)
    }

    private func requireAdmin(_ req: Request) throws {
        guard try req.currentUser.user.roleValue.canManageUsers else { throw AppError(.forbidden, "admin_only") }
    }

    private func roleOptions(_ req: Request, selected: String?, includeAll: Bool) -> [Option] {
        (includeAll ? [Option(value: "", label: req.t("all_roles"), selected: (selected ?? "").isEmpty)] : [])
            + Role.allCases.map { Option(value: $0.rawValue, label: req.t("role_\($0.rawValue)"), selected: $0.rawValue == selected) }
    }

    func list(req: Request) async throws -> Response {
        try requireAdmin(req)
        struct Q: Decodable {
            let q: String?
            let role: String?
            let status: String?
            let sort: String?
            let order: String?
        }
        let q = try req.query.decode(Q.self)
        var filter = AccountService.ListFilter()
        filter.search = q.q
        filter.role = q.role.flatMap(Role.init(rawValue:))
        filter.disabled = q.status == "disabled" ? true : (q.status == "active" ? false : nil)
        filter.sort = q.sort.flatMap(AccountService.ListFilter.Sort.init(rawValue:)) ?? .username
        filter.descending = q.order == "desc"
        let page = try req.pageRequest()
        let result = try await req.accounts.list(filter, page: page)
        let base = [
            "q": q.q ?? "", "role": q.role ?? "", "status": q.status ?? "", "sort": filter.sort.rawValue, "order": filter.descending ? "desc" : "asc",
        ]
        let sortLinks = Pages.sortLinks(
            [
                (AccountService.ListFilter.Sort.username.rawValue, "col_account"),
                (AccountService.ListFilter.Sort.role.rawValue, "col_role"), (AccountService.ListFilter.Sort.region.rawValue, "col_region"),
            ],
            current: filter.sort.rawValue, descending: filter.descending, path: "/admin/users", query: base, req: req)
        let regions = try await RegionNames.of(result.items.map(\.regionCode), on: req.db)
        let body = ListBody(
            rows: result.items.map {
                Row(
                    id: $0.id!.uuidString, username: $0.username, displayName: $0.displayName,
                    role: req.t("role_\($0.role)"), regionCode: $0.regionCode, regionName: regions[$0.regionCode] ?? $0.regionCode,
                    phone: $0.phoneMasked ?? "", disabled: $0.disabled)
            },
            search: q.q ?? "", roles: roleOptions(req, selected: q.role, includeAll: true),
            statuses: [("", "all_statuses"), ("active", "status_active"), ("disabled", "status_disabled")].map {
                Option(value: $0.0, label: req.t($0.1), selected: ($0.0) == (q.status ?? ""))
            },
            columns: sortLinks,
            pager: Pages.Pager(request: page, total: result.total, baseQuery: base, path: "/admin/users", req: req))
        return try await Pages.render("accounts/users", title: req.t("nav_users"), body, for: req)
    }

    private func formBody(
        _ req: Request, user: UserModel?, username: String = "", displayName: String = "", role: String? = nil,
        regionCode: String = "", error: AppError? = nil
    ) -> FormBody {
        FormBody(
            isNew: user == nil, id: user?.id?.uuidString ?? "", username: user?.username ?? username,
            displayName: user?.displayName ?? displayName, regionCode: user?.regionCode ?? regionCode,
            roles: roleOptions(req, selected: role ?? user?.role, includeAll: false), disabled: user?.disabled ?? false,
            error: error.map { req.t("error.\($0.code)", $0.arguments) }, errorField: error?.field,
            createdAt: user?.createdAt.map { $0.formatted(.iso8601) } ?? "")
    }

    func newForm(req: Request) async throws -> Response {
        try requireAdmin(req)
        let me = try req.currentUser.user
        return try await Pages.render("accounts/user-form", title: req.t("user_new"), formBody(req, user: nil, regionCode: me.regionCode), for: req)
    }

    struct UserForm: Decodable {
        let username: String?
        let displayName: String?
        let role: String?
        let regionCode: String?
        let password: String?
        let disabled: String?
    }

    private func parse(_ req: Request, _ form: UserForm) throws -> (Role, RegionCode) {
        guard let role = form.role.flatMap(Role.init(rawValue:)) else {
            throw AppError(.invalidInput, "role_invalid", field: "role", ["value": form.role ?? ""])
        }
        let region = try req.regionCode("regionCode", from: form.regionCode?.trimmingCharacters(in: .whitespaces))
        return (role, region)
    }

    func create(req: Request) async throws -> Response {
        try requireAdmin(req)
        let form = try req.content.decode(UserForm.self)
        do {
            let (role, region) = try parse(req, form)
            let user = try await req.accounts.create(
                .init(
                    username: form.username ?? "", displayName: form.displayName ?? "",
                    role: role, region: region, password: form.password ?? ""))
            Pages.flash(req, "flash_user_created", ["username": user.username])
            return req.redirect(to: "/admin/users/\(user.id!.uuidString)")
        } catch let error as AppError where error.kind != .forbidden {
            let body = formBody(
                req, user: nil, username: form.username ?? "", displayName: form.displayName ?? "",
                role: form.role, regionCode: form.regionCode ?? "", error: error)
            return try await Pages.render("accounts/user-form", title: req.t("user_new"), body, for: req, status: error.status)
        }
    }

    private func userID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "user_not_found") }
        return id
    }

    func edit(req: Request) async throws -> Response {
        try requireAdmin(req)
        let user = try await req.accounts.get(try userID(req))
        return try await Pages.render("accounts/user-form", title: user.displayName, formBody(req, user: user), for: req)
    }

    func update(req: Request) async throws -> Response {
        try requireAdmin(req)
        let id = try userID(req)
        let form = try req.content.decode(UserForm.self)
        do {
            let (role, region) = try parse(req, form)
            _ = try await req.accounts.update(
                id,
                .init(
                    displayName: form.displayName, role: role, region: region,
                    disabled: form.disabled == "on" || form.disabled == "true"))
            Pages.flash(req, "flash_user_saved")
            return req.redirect(to: "/admin/users/\(id.uuidString)")
        } catch let error as AppError where error.kind == .invalidInput || error.kind == .conflict {
            let user = try await req.accounts.get(id)
            let body = formBody(req, user: user, role: form.role, error: error)
            return try await Pages.render("accounts/user-form", title: user.displayName, body, for: req, status: error.status)
        }
    }

    func resetPassword(req: Request) async throws -> Response {
        try requireAdmin(req)
        let id = try userID(req)
        struct Form: Decodable { let password: String? }
        let form = try req.content.decode(Form.self)
        do {
            try await req.accounts.resetPassword(id, to: form.password ?? "")
            Pages.flash(req, "flash_password_reset")
        } catch let error as AppError where error.kind == .invalidInput {
            Pages.flash(req, "error.\(error.code)", error.arguments, error: true)
        }
        return req.redirect(to: "/admin/users/\(id.uuidString)")
    }
}
