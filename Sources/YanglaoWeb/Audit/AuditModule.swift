import Fluent
import Vapor
import YanglaoStore

/// The audit log: who read or changed which personal record, for the officers who review it.
struct AuditModule: DomainModule {
    let name = "audit"

    var migrations: [any Migration] { AuditSchema.migrations }

    func boot(_ routes: DomainRoutes) throws {
        try routes.api.register(collection: AuditAPI())
        AuditPages().boot(routes.pages)
    }

    func nav(for user: UserModel) -> [NavEntry] {
        user.roleValue.canReadAudit ? [NavEntry(160, "/admin/audit", label: "nav_audit")] : []
    }
}
