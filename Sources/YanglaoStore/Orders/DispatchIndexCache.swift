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

    /// The providers serving `region`.
    func providers(serving region: RegionCode) -> [String: DispatchProvider] { providers.filter { $0.value.serves(region) } }

    /// What the provider charges for `type` (its own price list, else the catalogue's).
    func price(of type: ServiceType, by provider: String) -> Int { prices[provider]?[type.code] ?? type.priceFen }
}

/// The counties' dispatch data kept in memory between orders, so that an order reads it
/// instead of loading the county's workers and providers. An entry is rebuilt from the
/// database when older than `maxAge` (other servers' changes show within that time) or when
/// this server changed a worker, provider or mode of the county; an offer made here adds to
/// the worker's load at once, so the next order sees it.
public actor DispatchIndexCache {
    public let maxAge: TimeInterval
    private var entries: [String: (county: CountyDispatch, builtAt: Date)] = [:]

    public init(maxAge: TimeInterval = 5) { self.maxAge = maxAge }

    /// The county's data, built by `build` when missing or stale.
    func county(_ county: RegionCode, now: Date = Date(), build: @Sendable () async throws -> CountyDispatch) async throws -> CountyDispatch {
        if let entry = entries[county.value], now.timeIntervalSince(entry.builtAt) < maxAge { return entry.county }
        let built = try await build()
        entries[county.value] = (built, now)
        return built
    }

    /// One more open order for the worker (an offer), in the county's cached index.
    func offered(_ workerID: String, in county: RegionCode) {
        guard var entry = entries[county.value], var worker = entry.county.index.worker(id: workerID) else { return }
        worker.load += 1
        entry.county.index.insert(worker)
        entries[county.value] = entry
    }

    /// Forgets the county's data (a worker, provider or the mode of it changed here).
    public func invalidate(_ county: RegionCode) { entries[county.value] = nil }
}
