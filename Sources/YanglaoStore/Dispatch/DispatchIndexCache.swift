import Foundation
import YanglaoCore

/// What dispatch reads about a county: its workers with their open loads, its admitted
/// providers with their price lists, and its 派单模式.
public struct CountyDispatch: Sendable {
    public var index: WorkerIndex
    /// Admitted providers of the county by id (each order keeps those serving its village).
    public var providers: [String: DispatchProvider]
    /// Each admitted provider's price list: service code → fen.
    public var prices: [String: [String: Int]]
    public var mode: DispatchMode
    /// Mode (a)'s fair shares: orders given to each provider this month (empty in mode (b)).
    public var providerOrders: [String: Int] = [:]
    /// The open orders (offered or in hand) behind the workers' loads: order id → worker id.
    public var openOrders: [String: String] = [:]

    /// The providers serving `region`.
    func providers(serving region: RegionCode) -> [String: DispatchProvider] { providers.filter { $0.value.serves(region) } }

    /// What the provider charges for `type` (its own price list, else the catalogue's).
    func price(of type: ServiceType, by provider: String) -> Int { prices[provider]?[type.code] ?? type.priceFen }
}

/// The counties' dispatch data kept in memory between orders, so that an order reads it
/// instead of loading the county's workers and providers. An entry is rebuilt from the
/// database when older than `maxAge` (other servers' changes show within that time) or when
/// this server changed a worker, provider or mode of the county. An offer made here adds to
/// the worker's load at once and an order that leaves the worker here (refused, lapsed,
/// completed, cancelled) takes from it; an order given to a provider here adds to its count
/// this month. The next order sees them; another server's show at the next rebuild.
///
/// Loads are kept as the set of open orders behind them, so each change counts exactly
/// once: one rebuild per county runs at a time, orders keep reading the entry it replaces
/// meanwhile (a county never seen before waits for it), and the offers and releases made
/// during it are applied to the new entry only where its snapshot of the database does not
/// already show them.
public actor DispatchIndexCache {
    public let maxAge: TimeInterval
    private var entries: [String: (county: CountyDispatch, builtAt: Date)] = [:]
    private var rebuilding: [String: Task<CountyDispatch, any Error>] = [:]
    private var offeredDuringRebuild: [String: [(order: String, worker: String)]] = [:]
    private var releasedDuringRebuild: [String: [String]] = [:]
    private var givenDuringRebuild: [String: [String]] = [:]
    /// Counties told of a change while their rebuild ran: that rebuild may predate the change.
    private var changedDuringRebuild: Set<String> = []

    public init(maxAge: TimeInterval = 5) { self.maxAge = maxAge }

    /// The county's data, built by `build` when missing or stale.
    func county(_ county: RegionCode, now: Date = Date(), build: @escaping @Sendable () async throws -> CountyDispatch) async throws -> CountyDispatch
    {
        let key = county.value
        let entry = entries[key]
        if let entry, now.timeIntervalSince(entry.builtAt) < maxAge { return entry.county }
        if let running = rebuilding[key] {
            if let entry { return entry.county }
            return try await running.value
        }
        let task = Task { try await build() }
        rebuilding[key] = task
        offeredDuringRebuild[key] = []
        releasedDuringRebuild[key] = []
        givenDuringRebuild[key] = []
        defer {
            rebuilding[key] = nil
            offeredDuringRebuild[key] = nil
            releasedDuringRebuild[key] = nil
            givenDuringRebuild[key] = nil
            changedDuringRebuild.remove(key)
        }
        var built = try await task.value
        for offer in offeredDuringRebuild[key] ?? [] { Self.open(offer.order, for: offer.worker, in: &built) }
        for order in releasedDuringRebuild[key] ?? [] { Self.close(order, in: &built) }
        for provider in givenDuringRebuild[key] ?? [] where built.mode == .provider { built.providerOrders[provider, default: 0] += 1 }
        entries[key] = (built, changedDuringRebuild.contains(key) ? .distantPast : now)
        return built
    }

    /// The order was offered to the worker: one more open order for them, in the county's cached index.
    func offered(_ orderID: String, to workerID: String, in county: RegionCode) {
        offeredDuringRebuild[county.value]?.append((orderID, workerID))
        guard var entry = entries[county.value] else { return }
        Self.open(orderID, for: workerID, in: &entry.county)
        entries[county.value] = entry
    }

    /// The order left its worker (refused, lapsed, completed, cancelled): one open order less for them.
    func released(_ orderID: String, in county: RegionCode) {
        releasedDuringRebuild[county.value]?.append(orderID)
        guard var entry = entries[county.value] else { return }
        Self.close(orderID, in: &entry.county)
        entries[county.value] = entry
    }

    /// One more order given to the provider this month (mode (a)), in the county's cached counts.
    func given(toProvider providerID: String, in county: RegionCode) {
        givenDuringRebuild[county.value]?.append(providerID)
        guard var entry = entries[county.value], entry.county.mode == .provider else { return }
        entry.county.providerOrders[providerID, default: 0] += 1
        entries[county.value] = entry
    }

    private static func open(_ orderID: String, for workerID: String, in county: inout CountyDispatch) {
        guard county.openOrders[orderID] == nil else { return }
        county.openOrders[orderID] = workerID
        changeLoad(of: workerID, by: 1, in: &county)
    }

    private static func close(_ orderID: String, in county: inout CountyDispatch) {
        guard let workerID = county.openOrders.removeValue(forKey: orderID) else { return }
        changeLoad(of: workerID, by: -1, in: &county)
    }

    private static func changeLoad(of workerID: String, by change: Int, in county: inout CountyDispatch) {
        guard var worker = county.index.worker(id: workerID) else { return }
        worker.load = max(0, worker.load + change)
        county.index.insert(worker)
    }

    /// Forgets the county's data (a worker, provider or the mode of it changed here).
    public func invalidate(_ county: RegionCode) {
        entries[county.value] = nil
        if rebuilding[county.value] != nil { changedDuringRebuild.insert(county.value) }
    }
}

extension NodeState {
    private enum DispatchCacheSlot: NodeStateKey { typealias Value = DispatchIndexCache }
    /// The per-county dispatch data of this server.
    public var dispatchCache: DispatchIndexCache? {
        get { self[DispatchCacheSlot.self] }
        set { self[DispatchCacheSlot.self] = newValue }
    }
}
