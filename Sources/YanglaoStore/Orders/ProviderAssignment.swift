import Fluent
import Foundation
import SQLKit
import YanglaoCore

extension OrderService {
    public func dispatchMode(of county: RegionCode) async throws -> DispatchMode {
        try await dispatchData.mode(of: county)
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
            try await AuditLog.record(
                on: db, actor: actor, action: "dispatch.mode", recordType: "region", recordID: county.value,
                region: county, detail: mode.rawValue)
        }
        await context.dispatchDataChanged(in: county)
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
        let query = try context.scoped.query(OrderModel.self).filter(\.$providerID == providerID).filter(\.$workerID == nil)
            .filter(\.$status == OrderStatus.dispatched.rawValue).sort(\.$offeredAt).sort(\.$id)
        let waiting = try await query.page(page)
        var out: [(order: OrderModel, ranked: [RankedWorker])] = []
        for order in waiting.items { out.append((order, try await candidates(for: order, of: providerID))) }
        return (out, waiting.total)
    }

    /// The provider's qualified workers for an order, best first.
    func candidates(for order: OrderModel, of provider: UUID) async throws -> [RankedWorker] {
        guard let request = dispatcher.request(for: order, provider: provider) else { return [] }
        return dispatcher.rank(request, in: try await dispatchData.load(around: order.region), limit: 10)
    }

    /// 服务商指派: the provider (its administrator, or an officer) offers its order to one of
    /// its qualified workers; the worker then accepts or refuses as in mode (b).
    public func assign(_ id: UUID, worker workerID: UUID) async throws -> OrderModel {
        // The scope keeps a provider administrator to its own provider's orders.
        if actor.role != .providerAdmin { guard canOrder else { throw AppError(.forbidden, "order_forbidden") } }
        guard let order = try await context.scoped.find(OrderModel.self, id: id) else { throw AppError(.notFound, "order_not_found") }
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
        let request = dispatcher.request(serviceType: serviceType, at: position, in: region)
        return dispatcher.rank(request, in: try await dispatchData.load(around: region), limit: 1).first
    }
}
