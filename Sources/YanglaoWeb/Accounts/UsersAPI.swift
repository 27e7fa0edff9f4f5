import Vapor
import YanglaoCore
import YanglaoStore

/// Account management for administrators: `/api/v1/users…`.
struct UsersAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("users")
        users.get(use: list)
        users.post(use: create)
        users.get(":id", use: show)
        users.patch(":id", use: update)
        users.post(":id", "password", use: resetPassword)
    }

    private func id(_ req: Request) throws -> UUID {
        try req.uuid("id", notFound: "user_not_found")
    }

    private func requireAdmin(_ req: Request) throws {
        guard try req.currentUser.user.roleValue.canManageUsers else { throw AppError(.forbidden, "admin_only") }
    }

    func list(req: Request) async throws -> Page<UserDTO> {
        try requireAdmin(req)
        struct Q: Decodable {
            let q: String?
            let role: String?
            let region: String?
            let disabled: Bool?
            let sort: String?
            let order: String?
        }
        let query = try req.query.decode(Q.self)
        var filter = AccountService.ListFilter()
        filter.search = query.q
        if let r = query.role, !r.isEmpty {
            guard let role = Role(rawValue: r) else { throw AppError(.invalidInput, "role_invalid", field: "role", ["value": r]) }
            filter.role = role
        }
        if let r = query.region, !r.isEmpty { filter.region = try req.regionCode("region", from: r) }
        filter.disabled = query.disabled
        if let s = query.sort, !s.isEmpty {
            guard let sort = AccountService.ListFilter.Sort(rawValue: s) else {
                throw AppError(.invalidInput, "sort_invalid", field: "sort", ["value": s])
            }
            filter.sort = sort
        }
        if let o = query.order, !o.isEmpty {
            guard o == "asc" || o == "desc" else { throw AppError(.invalidInput, "order_invalid", field: "order") }
            filter.descending = o == "desc"
        }
        let page = try req.pageRequest()
        let result = try await req.accounts.list(filter, page: page)
        return Page(items: result.items.map(UserDTO.init), request: page, total: result.total)
    }

    func create(req: Request) async throws -> Response {
        try requireAdmin(req)
        let body = try req.content.decode(CreateUserRequest.self)
        let user = try await req.accounts.create(
            .init(
                username: body.username, displayName: body.displayName,
                role: body.role, region: body.regionCode, password: body.password))
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/users/\(user.id!.uuidString)")
        try response.content.encode(UserDTO(user))
        return response
    }

    func show(req: Request) async throws -> UserDTO {
        try requireAdmin(req)
        return UserDTO(try await req.accounts.get(try id(req)))
    }

    func update(req: Request) async throws -> UserDTO {
        try requireAdmin(req)
        let body = try req.content.decode(UpdateUserRequest.self)
        let user = try await req.accounts.update(
            try id(req),
            .init(
                displayName: body.displayName, role: body.role,
                region: body.regionCode, disabled: body.disabled))
        return UserDTO(user)
    }

    func resetPassword(req: Request) async throws -> Response {
        try requireAdmin(req)
        let body = try req.content.decode(ResetPasswordRequest.self)
        try await req.accounts.resetPassword(try id(req), to: body.password)
        return Response(status: .noContent)
    }
}
