import Vapor
import YanglaoCore
import YanglaoStore

/// `POST /api/v1/auth/login`, `/auth/code` and `/auth/phone` (sign-in by a code sent to the
/// phone), `POST /api/v1/auth/logout`, `GET /api/v1/me`, `POST /api/v1/me/password`.
struct AuthAPI {
    func bootPublic(_ routes: any RoutesBuilder) {
        routes.post("auth", "login", use: login)
        routes.post("auth", "code", use: requestCode)
        routes.post("auth", "phone", use: phoneLogin)
    }

    func bootProtected(_ routes: any RoutesBuilder) {
        routes.post("auth", "logout", use: logout)
        routes.get("me", use: me)
        routes.post("me", "password", use: changePassword)
    }

    /// The account's own new password; every token, this one too, ends: sign in again.
    func changePassword(req: Request) async throws -> Response {
        struct Body: Content {
            let current: String
            let password: String
        }
        let body = try req.content.decode(Body.self)
        _ = try await AccountService(req.context, hasher: req.hasher).changeOwnPassword(current: body.current, to: body.password)
        return Response(status: .noContent)
    }

    func login(req: Request) async throws -> LoginResponse {
        let body = try req.content.decode(LoginRequest.self)
        let service = LoginService(database: req.db, hasher: req.hasher)
        let user = try await service.login(username: body.username, password: body.password, address: req.clientAddress)
        let issued = try await TokenStore.issue(
            for: user, lifetime: req.application.yanglaoConfig.tokenLifetime,
            address: req.clientAddress, on: req.db)
        return LoginResponse(token: issued.token, tokenType: "Bearer", expiresAt: issued.expiresAt, user: UserDTO(user))
    }

    /// Sends a sign-in code to the phone if an account has it; the same answer either way.
    func requestCode(req: Request) async throws -> Response {
        struct Body: Content {
            let phone: String
        }
        let body = try req.content.decode(Body.self)
        try await req.sendLoginCode(to: body.phone)
        return Response(status: .accepted)
    }

    func phoneLogin(req: Request) async throws -> LoginResponse {
        struct Body: Content {
            let phone: String
            let code: String
        }
        let body = try req.content.decode(Body.self)
        let user = try await req.phoneLogin.verify(
            phone: body.phone, code: body.code, address: req.clientAddress)
        let issued = try await TokenStore.issue(
            for: user, lifetime: req.application.yanglaoConfig.tokenLifetime,
            address: req.clientAddress, on: req.db)
        return LoginResponse(token: issued.token, tokenType: "Bearer", expiresAt: issued.expiresAt, user: UserDTO(user))
    }

    func logout(req: Request) async throws -> Response {
        let current = try req.currentUser
        if let tokenID = current.tokenID { try await TokenStore.revoke(tokenID: tokenID, on: req.db) }
        return Response(status: .noContent)
    }

    func me(req: Request) async throws -> MeDTO {
        let user = try req.currentUser.user
        guard let region = try await req.scoped.find(RegionModel.self, id: user.regionCode) else {
            throw AppError(.notFound, "region_not_found", ["code": user.regionCode])
        }
        let role = user.roleValue
        var permissions = ["regions.read"]
        if role.canManageUsers { permissions.append("users.manage") }
        if role.canReadAudit { permissions.append("audit.read") }
        return MeDTO(user: UserDTO(user), region: RegionDTO(region), permissions: permissions)
    }
}
