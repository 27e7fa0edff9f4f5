import Vapor
import YanglaoCore
import YanglaoStore

struct UserDTO: Content {
    let id: UUID
    let username: String
    let displayName: String
    let role: String
    let regionCode: String
    let disabled: Bool
    let mustChangePassword: Bool
    let createdAt: Date?

    init(_ u: UserModel) {
        id = u.id ?? UUID()
        username = u.username
        displayName = u.displayName
        role = u.role
        regionCode = u.regionCode
        disabled = u.disabled
        mustChangePassword = u.mustChangePassword == true
        createdAt = u.createdAt
    }
}

struct MeDTO: Content {
    let user: UserDTO
    let region: RegionDTO
    let permissions: [String]
}

struct LoginRequest: Content {
    let username: String
    let password: String
}

struct LoginResponse: Content {
    let token: String
    let tokenType: String
    let expiresAt: Date
    let user: UserDTO
}

struct CreateUserRequest: Content {
    let username: String
    let displayName: String
    let role: Role
    let regionCode: RegionCode
    let password: String
}

struct UpdateUserRequest: Content {
    let displayName: String?
    let role: Role?
    let regionCode: RegionCode?
    let disabled: Bool?
}

struct ResetPasswordRequest: Content {
    let password: String
}
