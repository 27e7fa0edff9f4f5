import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// The county's 派单模式 (absent: straight to a worker).
public final class DispatchModeModel: Model, @unchecked Sendable {
    public static let schema = "dispatch_modes"

    @ID(key: .id) public var id: UUID?
    @Field(key: "county_code") public var countyCode: String
    @Field(key: "mode") public var mode: String
    @Field(key: "updated_by") public var updatedBy: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}

struct CreateProviderDispatch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DispatchModeModel.schema)
            .id()
            .field("county_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("mode", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "county_code")
            .create()
        // The provider administrator's account (服务商管理员), who assigns the provider's orders.
        try await database.schema(ProviderModel.schema).field("admin_username", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProviderModel.schema).deleteField("admin_username").update()
        try await database.schema(DispatchModeModel.schema).delete()
    }
}

extension OrderService {
    /// Marks a provider passed over for an order (it let the assignment lapse), in the order's exclusions.
    static func excludedProviderKey(_ id: UUID) -> String { "provider:\(id.uuidString)" }

    public func dispatchMode(of county: RegionCode) async throws -> DispatchMode {
        try await DispatchModeModel.query(on: db).filter(\.$countyCode == county.value).first().flatMap { DispatchMode(rawValue: $0.mode) } ?? .worker
    }

    /// A county's 派单模式 as its officers and hotline read it (inside their region).
    public func readDispatchMode(of county: RegionCode) async throws -> DispatchMode {
        do { try context.scoped.authorize(county) } catch { throw AppError(.forbidden, "region_forbidden", field: "county", ["code": county.value]) }
        return try await dispatchMode(of: county)
    }

    /// Sets a county's 派单模式 (county and city officers, inside their region).
    public func setDispatchMode(_ mode: DispatchMode, for county: RegionCode) async throws {
        guard actor.role.canDecideProviders else { throw AppError(.forbidden, "provider_decide_forbidden") }
        guard county.level == .county else { throw AppError(.invalidInput, "provider_county_level", field: "county", ["code": county.value]) }
        do { try context.scoped.authorize(county) } catch { throw AppError(.forbidden, "region_forbidden", field: "county", ["code": county.value]) }
        let row = try await DispatchModeModel.query(on: db).filter(\.$countyCode == county.value).first() ?? DispatchModeModel()
        row.countyCode = county.value
        row.mode = mode.rawValue
        row.updatedBy = actor.username
        let actor = actor
        try await db.transaction { db in
            try await row.save(on: db)
            try await AuditLog.record(on: db, actor: actor, action: "dispatch.mode", recordType: "region", recordID: county.value,
                                      region: county, detail: mode.rawValue)
        }
        await context.dispatchDataChanged(in: county)
    }

    /// Mode (a): the provider for the order by fair shares this month (the county's counts,
    /// kept with its dispatch data) among those with a qualified worker in reach, with the
    /// explanation; nil when none is left.
    func chooseProvider(for request: DispatchRequest, in county: CountyDispatch, providers: [String: DispatchProvider],
                        excluded: Set<String>) -> (id: UUID, explanation: String)? {
        let ranking = DispatchRanking.rank(request, in: county.index, providers: providers, policy: policy, limit: 200)
        let candidates = ProviderShares.candidates(from: ranking, providers: providers, assigned: county.providerOrders)
            .filter { !excluded.contains("provider:\($0.providerID)") }
        guard let (choice, explanation) = ProviderShares.choose(candidates), let id = UUID(uuidString: choice.providerID) else { return nil }
        return (id, explanation)
    }

    /// Orders given to each provider of the county of `region` this month.
    func providerCounts(around region: RegionCode) async throws -> [String: Int] {
        let monthStart = CalendarMonth(CalendarDate.today()).firstDay.startOfDay
        return try await countOrders(by: "provider_id", around: region, where: SQLBinaryExpression(SQLColumn("created_at"), .greaterThanOrEqual, SQLBind(monthStart)))
    }

    /// The provider the signed-in provider administrator runs.
    public func myProvider() async throws -> ProviderModel? {
        guard actor.role == .providerAdmin else { return nil }
        return try await ProviderModel.query(on: db).filter(\.$adminUsername == actor.username).first()
    }

    /// 待指派: the provider's orders waiting for it to choose a worker, oldest first, each with
    /// its qualified workers ranked.
    public func awaitingAssignment(page: ListPage) async throws -> (items: [(order: OrderModel, ranked: [RankedWorker])], total: Int) {
        guard let provider = try await myProvider(), let providerID = provider.id else { throw AppError(.forbidden, "provider_forbidden") }
        let query = OrderModel.query(on: db).filter(\.$providerID == providerID).filter(\.$workerID == nil)
            .filter(\.$status == OrderStatus.dispatched.rawValue).sort(\.$offeredAt).sort(\.$id)
        let waiting = try await query.page(page)
        var out: [(order: OrderModel, ranked: [RankedWorker])] = []
        for order in waiting.items { out.append((order, try await candidates(for: order, of: providerID))) }
        return (out, waiting.total)
    }

    /// The provider's qualified workers for an order, best first.
    func candidates(for order: OrderModel, of provider: UUID) async throws -> [RankedWorker] {
        guard let position = order.position else { return [] }
        let type = ServiceCatalogue.type(order.serviceType, in: catalogue)
        let request = DispatchRequest(serviceType: order.serviceType, serviceName: type?.name ?? order.serviceType, position: position,
                                      region: order.region, excluded: order.excludedWorkers, provider: provider.uuidString)
        let county = try await countyDispatch(around: order.region)
        return DispatchRanking.rank(request, in: county.index, providers: county.providers(serving: order.region), policy: policy, limit: 10).ranked
    }

    /// 服务商指派: the provider (its administrator, or an officer) offers its order to one of
    /// its qualified workers; the worker then accepts or refuses as in mode (b).
    public func assign(_ id: UUID, worker workerID: UUID) async throws -> OrderModel {
        guard let order = try await OrderModel.find(id, on: db) else { throw AppError(.notFound, "order_not_found") }
        let mine = try await myProvider()
        if actor.role == .providerAdmin {
            guard let mine, order.providerID == mine.id else { throw AppError(.notFound, "order_not_found") }
        } else {
            guard canOrder else { throw AppError(.forbidden, "order_forbidden") }
            _ = try await self.order(id)
        }
        guard order.statusValue == .dispatched, order.workerID == nil, let provider = order.providerID else {
            throw AppError(.conflict, "order_not_awaiting_assignment", ["status": order.statusValue.chineseName])
        }
        guard let chosen = try await candidates(for: order, of: provider).first(where: { $0.worker.id == workerID.uuidString }) else {
            throw AppError(.conflict, "order_worker_not_qualified", field: "workerId")
        }
        let explanation = chosen.explanation
        return try await move(order, .dispatch, detail: "服务商指派 \(chosen.worker.name)：\(explanation)") {
            $0.workerID = workerID
            $0.offeredAt = Date()
            $0.dispatchExplanation = explanation
        }
    }

    /// The best-ranked on-duty worker of the county who offers `serviceType` near `position` (e.g. for an alarm), if any.
    public func nearest(to position: GeoPoint, in region: RegionCode, serviceType: String) async throws -> RankedWorker? {
        let type = ServiceCatalogue.type(serviceType, in: catalogue)
        let request = DispatchRequest(serviceType: serviceType, serviceName: type?.name ?? serviceType, position: position, region: region, excluded: [])
        let county = try await countyDispatch(around: region)
        return DispatchRanking.rank(request, in: county.index, providers: county.providers(serving: region), policy: policy, limit: 1).ranked.first
    }
}
