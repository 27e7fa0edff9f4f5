import Vapor
import YanglaoStore

/// Who is entitled to which item of the service list, explained condition by condition.
struct EligibilityModule: DomainModule {
    let name = "eligibility"

    func boot(_ routes: DomainRoutes) throws {
        try routes.api.register(collection: EligibilityRoutes())
        EligibilityRoutes().bootPages(routes.pages)
    }

    func nav(for user: UserModel) -> [NavEntry] {
        user.roleValue.canReadRegister ? [NavEntry(50, "/eligibility", label: "nav_eligibility")] : []
    }
}
