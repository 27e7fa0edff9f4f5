import Fluent
import Vapor
import YanglaoStore

/// Ability assessments (能力评估, GB/T 42195-2022): the form, the level, the report, the due list.
struct AssessmentModule: DomainModule {
    let name = "assessment"

    var migrations: [any Migration] { AssessmentSchema.migrations }

    func boot(_ routes: DomainRoutes) throws {
        try routes.api.register(collection: AssessmentsAPI())
        AssessmentPages().boot(routes.pages)
    }

    func nav(for user: UserModel) -> [NavEntry] {
        user.roleValue.canReadRegister ? [NavEntry(40, "/assessments/due", label: "nav_assessments_due", section: "/assessments")] : []
    }
}
