import Fluent
import Foundation
import YanglaoCore

/// 服务人员: registered under an admitted provider (by the county's officers), put on and
/// off duty with their position, read inside the actor's region, and handed to dispatch as
/// a spatial index.
public struct WorkerService: Sendable {
    public let context: StoreContext
    var providers: ProviderService { ProviderService(context) }
    var protection: DataProtection { context.protection }
    var scoped: ScopedDatabase { context.scoped }
    var actor: Actor { context.actor }
    var db: any Database { scoped.database }

    public init(_ context: StoreContext) {
        self.context = context
    }

    /// Adds a worker to an admitted provider; skills must be among the provider's services.
    public func add(to providerID: UUID, _ input: WorkerInput) async throws -> WorkerModel {
        guard providers.canDecide else { throw AppError(.forbidden, "worker_forbidden") }
        let provider = try await providers.provider(providerID)
        guard provider.statusValue == .admitted else {
            throw AppError(.conflict, "worker_provider_not_admitted", field: "provider", ["status": provider.statusValue.chineseName])
        }
        let problems = input.problems(offered: provider.application.serviceTypes)
        guard problems.isEmpty else { throw AppError(invalid: problems) }
        let phone = try PhoneNumber(input.phone)
        let worker = WorkerModel()
        worker.$provider.id = providerID
        worker.regionCode = provider.regionCode
        worker.phoneCipher = try protection.seal(phone.value)
        worker.phoneMasked = phone.masked
        Self.fill(worker, from: input)
        worker.onDuty = false
        worker.rating = 0
        try await db.transaction { db in
            try await worker.create(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "worker.add", recordType: "worker", recordID: worker.id?.uuidString,
                region: provider.county, detail: "\(provider.name) \(worker.name)")
        }
        await context.dispatchDataChanged(in: worker.county)
        return worker
    }

    /// Changes a worker's record (the phone only when one is given); skills must still be among
    /// the provider's services. Duty, load, rating and the linked account are not touched.
    public func update(_ id: UUID, _ input: WorkerInput) async throws -> WorkerModel {
        guard providers.canDecide else { throw AppError(.forbidden, "worker_forbidden") }
        let worker = try await self.worker(id)
        let provider = try await providers.provider(worker.$provider.id)
        let problems = input.problems(offered: provider.application.serviceTypes, phoneOptional: true)
        guard problems.isEmpty else { throw AppError(invalid: problems) }
        if !input.phone.trimmingCharacters(in: .whitespaces).isEmpty {
            let phone = try PhoneNumber(input.phone)
            worker.phoneCipher = try protection.seal(phone.value)
            worker.phoneMasked = phone.masked
        }
        Self.fill(worker, from: input)
        guard worker.hasChanges else { return worker }
        try await db.transaction { db in
            try await worker.update(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "worker.update", recordType: "worker", recordID: worker.id?.uuidString,
                region: provider.county, detail: "\(provider.name) \(worker.name)")
        }
        await context.dispatchDataChanged(in: worker.county)
        return worker
    }

    /// The record's fields a worker form sets (all but the phone, which is sealed).
    static func fill(_ worker: WorkerModel, from input: WorkerInput) {
        worker.name = input.name.trimmingCharacters(in: .whitespaces)
        worker.skillsJSON = JSONColumn.encode(input.skills)
        worker.certificateLevel = input.certificateLevel
        worker.baseLatitude = input.latitude
        worker.baseLongitude = input.longitude
        worker.workStart = input.workStart
        worker.workEnd = input.workEnd
        worker.capacity = input.capacity
    }

    /// Links a sign-in account (role 服务人员, region inside the provider's county) to the
    /// worker: the account then sees the worker's offers and jobs, and only those.
    public func linkAccount(_ id: UUID, username: String) async throws -> WorkerModel {
        guard providers.canDecide else { throw AppError(.forbidden, "worker_forbidden") }
        let worker = try await self.worker(id)
        guard try await UserModel.linkable(username, role: .serviceWorker, inside: worker.county, on: db) != nil else {
            throw AppError(.invalidInput, "worker_account_invalid", field: "username", ["username": username])
        }
        if let other = try await WorkerModel.query(on: db).filter(\.$username == username).first(), other.id != worker.id {
            throw AppError(.conflict, "worker_account_taken", field: "username", ["username": username])
        }
        worker.username = username
        try await db.transaction { db in
            try await worker.update(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "worker.account", recordType: "worker", recordID: id.uuidString,
                region: worker.county, detail: "\(worker.name) → \(username)")
        }
        return worker
    }

    /// The worker record of the signed-in service worker, if linked.
    public func mine() async throws -> WorkerModel? {
        guard actor.role == .serviceWorker else { return nil }
        return try await WorkerModel.query(on: db).filter(\.$username == actor.username).first()
    }

    /// On or off duty; a reported position moves the worker on the dispatch map.
    public func setDuty(_ id: UUID, onDuty: Bool, at position: GeoPoint? = nil) async throws -> WorkerModel {
        // A worker's own record is theirs to change even when it lies outside their account's region.
        let worker = if let mine = try await mine(), mine.id == id { mine } else { try await self.worker(id) }
        guard providers.canDecide || (worker.username != nil && worker.username == actor.username) else {
            throw AppError(.forbidden, "worker_forbidden")
        }
        if let position {
            guard position.isValid else { throw AppError(.invalidInput, "out_of_range", field: "latitude", ["minimum": "-90", "maximum": "90"]) }
            worker.latitude = position.latitude
            worker.longitude = position.longitude
            worker.positionAt = Date()
        }
        worker.onDuty = onDuty
        try await worker.update(on: db)
        await context.dispatchDataChanged(in: worker.county)
        return worker
    }

    /// A worker inside the actor's region, or not found.
    public func worker(_ id: UUID) async throws -> WorkerModel {
        guard providers.canRead || actor.role == .serviceWorker else { throw AppError(.forbidden, "worker_forbidden") }
        guard let worker = try await scoped.find(WorkerModel.self, id: id) else { throw AppError(.notFound, "worker_not_found") }
        return worker
    }

    /// The workers of a provider, by name.
    public func list(of providerID: UUID) async throws -> [WorkerModel] {
        _ = try await providers.provider(providerID)
        return try await WorkerModel.query(on: db).filter(\.$provider.$id == providerID).sort(\.$name).all()
    }

    /// One page of a provider's workers, with how many it has.
    public func list(of providerID: UUID, page: ListPage) async throws -> (items: [WorkerModel], total: Int) {
        _ = try await providers.provider(providerID)
        let query = WorkerModel.query(on: db).filter(\.$provider.$id == providerID).sort(\.$name).sort(\.$id)
        return try await query.page(page)
    }
}
