import Foundation
import YanglaoCore

/// Who is acting: a signed-in account, or the operator at the command line.
public struct Actor: Sendable {
    public let userID: UUID?
    public let username: String
    public let role: Role
    /// The region the actor is bound to; nil only for the command line, which sees every region.
    public let region: RegionCode?
    public let address: String?
    /// For a provider-bound role (`Role.isProviderBound`): the provider the account belongs
    /// to, nil when none is linked yet. Ignored for every other role.
    public let provider: UUID?

    public init(userID: UUID?, username: String, role: Role, region: RegionCode?, address: String?, provider: UUID? = nil) {
        self.userID = userID
        self.username = username
        self.role = role
        self.region = region
        self.address = address
        self.provider = provider
    }

    public init(user: UserModel, address: String?, provider: UUID? = nil) {
        self.init(userID: user.id, username: user.username, role: user.roleValue, region: user.region, address: address, provider: provider)
    }

    /// The operator running `yanglao` on the server itself.
    public static func commandLine() -> Actor {
        let who = ProcessInfo.processInfo.environment["USER"] ?? "root"
        return Actor(userID: nil, username: "cli:\(who)", role: .systemAdmin, region: nil, address: "local")
    }
}
