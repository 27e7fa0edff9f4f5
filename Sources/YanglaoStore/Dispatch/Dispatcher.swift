import Foundation
import YanglaoCore

/// 派单, decided in memory from a county's dispatch data: mode (a) gives the order to a
/// provider by fair shares, mode (b) offers it to the best-ranked qualified worker; with
/// nobody it goes to the hotline queue with the reason.
struct Dispatcher: Sendable {
    let policy: DispatchPolicy
    let catalogue: [ServiceType]

    /// The decision for `order`; its county's data is loaded only when the order has a position.
    func decide(_ order: OrderModel, county load: () async throws -> CountyDispatch) async rethrows -> DispatchDecision {
        guard let request = request(for: order) else { return .queue(reason: "服务地址没有位置信息，无法按距离派单") }
        return decide(order, request, in: try await load())
    }

    func decide(_ order: OrderModel, _ request: DispatchRequest, in county: CountyDispatch) -> DispatchDecision {
        let type = ServiceCatalogue.type(order.serviceType, in: catalogue)
        let providers = county.providers(serving: order.region)
        // Mode (a): the provider first, by fair shares; it assigns the worker. With no provider left, straight to a worker.
        if county.mode == .provider, let (provider, explanation) = chooseProvider(for: request, in: county, providers: providers) {
            return .provider(provider, explanation: explanation)
        }
        let ranking = DispatchRanking.rank(request, in: county.index, providers: providers, policy: policy, limit: 3)
        guard let best = ranking.ranked.first, let worker = UUID(uuidString: best.worker.id) else {
            return .queue(reason: ranking.nobodyReason(request, policy: policy))
        }
        // The provider's own price list applies from the offer on.
        let price = type.map { county.price(of: $0, by: best.worker.providerID) } ?? order.priceFen
        return .worker(
            worker, provider: UUID(uuidString: best.worker.providerID), name: best.worker.name, priceFen: price,
            explanation: best.explanation)
    }

    /// The ranking request for an order (nil when its address has no position), optionally
    /// among one provider's workers.
    func request(for order: OrderModel, provider: UUID? = nil) -> DispatchRequest? {
        guard let position = order.position else { return nil }
        return request(serviceType: order.serviceType, at: position, in: order.region, excluded: order.excludedWorkers, provider: provider)
    }

    func request(serviceType: String, at position: GeoPoint, in region: RegionCode, excluded: Set<String> = [], provider: UUID? = nil)
        -> DispatchRequest
    {
        let type = ServiceCatalogue.type(serviceType, in: catalogue)
        return DispatchRequest(
            serviceType: serviceType, serviceName: type?.name ?? serviceType, position: position, region: region,
            excluded: excluded, provider: provider?.uuidString)
    }

    /// The workers `request` may be offered to in `county`, best first.
    func rank(_ request: DispatchRequest, in county: CountyDispatch, limit: Int) -> [RankedWorker] {
        DispatchRanking.rank(request, in: county.index, providers: county.providers(serving: request.region), policy: policy, limit: limit).ranked
    }

    /// How a provider passed over for an order (it let the assignment lapse) is kept in the order's exclusions.
    static func excludedKey(provider id: String) -> String { "provider:\(id)" }

    /// Mode (a): the provider for the order by fair shares this month (the county's counts,
    /// kept with its dispatch data) among those with a qualified worker in reach, with the
    /// explanation; nil when none is left.
    func chooseProvider(for request: DispatchRequest, in county: CountyDispatch, providers: [String: DispatchProvider]) -> (
        id: UUID, explanation: String
    )? {
        let ranking = DispatchRanking.rank(request, in: county.index, providers: providers, policy: policy, limit: 200)
        let candidates = ProviderShares.candidates(from: ranking, providers: providers, assigned: county.providerOrders)
            .filter { !request.excluded.contains(Self.excludedKey(provider: $0.providerID)) }
        guard let (choice, explanation) = ProviderShares.choose(candidates), let id = UUID(uuidString: choice.providerID) else { return nil }
        return (id, explanation)
    }
}
