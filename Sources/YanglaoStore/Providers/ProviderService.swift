import Fluent
import Foundation
import YanglaoCore

/// 服务商准入与管理: applications, the county's decisions (admit, reject, suspend,
/// reinstate, each audited), and scoped reads.
public struct ProviderService: Sendable {
    public let context: StoreContext
    var scoped: ScopedDatabase { context.scoped }
    var actor: Actor { context.actor }
    /// Seals the business phone of an application.
    var protection: DataProtection { context.protection }
    var db: any Database { scoped.database }

    public init(_ context: StoreContext) {
        self.context = context
    }

    /// Who decides on providers: county officers for their county, the city and admins.
    var canDecide: Bool { actor.role.canDecideProviders }
    /// Who reads providers: officers, hotline operators, inspectors and provider admins.
    var canRead: Bool { actor.role.canReadProviders }

    /// An application to `county` (a county-level code inside the actor's region): checked field by field.
    public func apply(_ application: ProviderApplication, to county: RegionCode, catalogue: [ServiceType] = ServiceCatalogue.example) async throws
        -> ProviderModel
    {
        guard canDecide || actor.role == .providerAdmin else { throw AppError(.forbidden, "provider_forbidden") }
        guard county.level == .county else { throw AppError(.invalidInput, "provider_county_level", field: "county", ["code": county.value]) }
        do { try scoped.authorize(county) } catch { throw AppError(.forbidden, "region_forbidden", field: "county", ["code": county.value]) }
        let problems = application.problems(in: county, catalogue: catalogue)
        guard problems.isEmpty else { throw AppError(invalid: problems) }
        let code = try CreditCode(application.creditCode).value
        if try await ProviderModel.query(on: db).filter(\.$creditCode == code).first() != nil {
            throw AppError(.conflict, "provider_exists", field: "creditCode", ["code": code])
        }
        let provider = ProviderModel()
        provider.regionCode = county.value
        provider.application = application
        try provider.sealContactPhone(application.contactPhone, with: protection)
        provider.status = ProviderStatus.applied.rawValue
        provider.rating = 0
        provider.ratingCount = 0
        provider.appliedBy = actor.username
        try await db.transaction { db in
            try await provider.create(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "provider.apply", recordType: "provider", recordID: provider.id?.uuidString,
                region: county, detail: "\(provider.name) \(code)")
        }
        return provider
    }

    /// 审核 / 暂停 / 恢复, with a note (required when rejecting or suspending).
    public func decide(_ id: UUID, _ decision: ProviderDecision, note: String) async throws -> ProviderModel {
        guard canDecide else { throw AppError(.forbidden, "provider_decide_forbidden") }
        let provider = try await self.provider(id)
        let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if [.reject, .suspend].contains(decision), trimmed.isEmpty { throw AppError(.invalidInput, "required", field: "note") }
        let next = try decision.apply(to: provider.statusValue)
        provider.status = next.rawValue
        provider.decidedBy = actor.username
        provider.decidedAt = Date()
        provider.decisionNote = trimmed.isEmpty ? nil : String(trimmed.prefix(500))
        try await db.transaction { db in
            try await provider.update(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "provider.\(decision.rawValue)", recordType: "provider", recordID: id.uuidString,
                region: provider.county, detail: "\(provider.name) → \(next.rawValue) \(trimmed)")
        }
        await context.dispatchDataChanged(in: provider.county)
        return provider
    }

    /// Links the provider administrator's account (role 服务商管理员, inside the provider's
    /// county): it then assigns the provider's orders in mode (a).
    public func linkAdmin(_ id: UUID, username: String) async throws -> ProviderModel {
        guard canDecide else { throw AppError(.forbidden, "provider_decide_forbidden") }
        let provider = try await self.provider(id)
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        guard try await UserModel.linkable(name, role: .providerAdmin, inside: provider.county, on: db) != nil else {
            throw AppError(.invalidInput, "provider_admin_invalid", field: "username", ["username": name])
        }
        if let other = try await ProviderModel.query(on: db).filter(\.$adminUsername == name).first(), other.id != provider.id {
            throw AppError(.conflict, "provider_admin_taken", field: "username", ["username": name])
        }
        provider.adminUsername = name
        let actor = actor
        try await db.transaction { db in
            try await provider.update(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "provider.admin", recordType: "provider", recordID: id.uuidString,
                region: provider.county, detail: "\(provider.name) → \(name)")
        }
        return provider
    }

    /// A provider inside the actor's region, or not found.
    public func provider(_ id: UUID) async throws -> ProviderModel {
        guard canRead else { throw AppError(.forbidden, "provider_forbidden") }
        guard let provider = try await scoped.find(ProviderModel.self, id: id) else { throw AppError(.notFound, "provider_not_found") }
        return provider
    }

    /// Providers of the actor's region (optionally one county), by status, name containing `search`; name order.
    public func list(in county: RegionCode? = nil, status: ProviderStatus? = nil, search: String? = nil) async throws -> [ProviderModel] {
        try await listQuery(in: county, status: status, search: search).all()
    }

    /// One page of `list`, with how many there are in all.
    public func list(
        in county: RegionCode? = nil, status: ProviderStatus? = nil, search: String? = nil,
        page: ListPage
    ) async throws -> (items: [ProviderModel], total: Int) {
        let query = try listQuery(in: county, status: status, search: search)
        return try await query.page(page)
    }

    func listQuery(in county: RegionCode?, status: ProviderStatus?, search: String?) throws -> QueryBuilder<ProviderModel> {
        guard canRead else { throw AppError(.forbidden, "provider_forbidden") }
        var query: QueryBuilder<ProviderModel>
        do { query = try scoped.query(ProviderModel.self, within: county) } catch {
            throw AppError(.forbidden, "region_forbidden", field: "county", ["code": county?.value ?? ""])
        }
        if let status { query = query.filter(\.$status == status.rawValue) }
        if let search = search?.trimmingCharacters(in: .whitespaces), !search.isEmpty { query = query.filter("name", containing: search) }
        return query.sort(\.$name).sort(\.$id)
    }
}
