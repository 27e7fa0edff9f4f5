import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// Loads what dispatch reads of a county — its workers as an index with their loads, its
/// admitted providers and their prices, its 派单模式, mode (a)'s counts this month, the open
/// orders behind the loads — from the node's cache when there is one, else from the database.
/// Dispatch reads the whole county of an order whoever places it (a village officer's order
/// still goes to the county's workers): the county's scope, not the actor's.
public struct CountyDispatchLoader: Sendable {
    public let context: StoreContext
    var db: any Database { context.database }

    public init(context: StoreContext) {
        self.context = context
    }

    func load(around region: RegionCode) async throws -> CountyDispatch {
        guard let county = region.county else { return CountyDispatch(index: WorkerIndex(), providers: [:], prices: [:], mode: .worker) }
        let build: @Sendable () async throws -> CountyDispatch = { [self] in
            let admitted = try await admittedProviders(in: county)
            let mode = try await mode(of: county)
            let open = try await openOrders(in: county)
            return CountyDispatch(
                index: try await workerIndex(in: county, load: open.values.reduce(into: [:]) { $0[$1, default: 0] += 1 }),
                providers: Dictionary(uniqueKeysWithValues: admitted.map { ($0.id!.uuidString, $0.dispatchProvider) }),
                prices: Dictionary(uniqueKeysWithValues: admitted.map { ($0.id!.uuidString, $0.application.prices) }),
                mode: mode, providerOrders: mode == .provider ? try await providerCountsThisMonth(in: county) : [:], openOrders: open)
        }
        guard let cache = context.node.dispatchCache else { return try await build() }
        return try await cache.county(county, build: build)
    }

    /// The county's 派单模式 (absent: straight to a worker).
    func mode(of county: RegionCode) async throws -> DispatchMode {
        try await DispatchModeModel.query(on: db).filter(\.$countyCode == county.value).first().flatMap { DispatchMode(rawValue: $0.mode) } ?? .worker
    }

    /// The workers of the county of `region` as a dispatch index; `load` gives each worker's open orders.
    public func workerIndex(in county: RegionCode, load: [String: Int] = [:]) async throws -> WorkerIndex {
        let workers = try await countyScope(county).query(WorkerModel.self).all()
        return WorkerIndex(workers.map { $0.dispatchWorker(load: load[$0.id!.uuidString] ?? 0) })
    }

    /// The admitted providers that serve `region`, as dispatch sees them, keyed by id.
    public func providers(serving region: RegionCode) async throws -> [String: DispatchProvider] {
        guard let county = region.county else { return [:] }
        return Dictionary(
            uniqueKeysWithValues: try await admittedProviders(in: county).map { ($0.id!.uuidString, $0.dispatchProvider) }
                .filter { $0.1.serves(region) })
    }

    func admittedProviders(in county: RegionCode) async throws -> [ProviderModel] {
        try await countyScope(county).query(ProviderModel.self).filter(\.$status == ProviderStatus.admitted.rawValue).all()
    }

    /// The open orders (offered or in hand) of the county with their workers: order id → worker id.
    func openOrders(in county: RegionCode) async throws -> [String: String] {
        struct Row: Decodable {
            let id: UUID
            let worker_id: UUID
        }
        let rows = try await db.sqlDatabase().select().columns("id", "worker_id").from(OrderModel.schema)
            .where(try countyScope(county).sqlPredicate(column: "region_code"))
            .where("status", .in, OrderStatus.withWorker.map(\.rawValue)).where("worker_id", .isNot, SQLLiteral.null)
            .all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id.uuidString, $0.worker_id.uuidString) })
    }

    /// Orders given to each provider of the county this month, counted by the database.
    func providerCountsThisMonth(in county: RegionCode) async throws -> [String: Int] {
        let monthStart = CalendarMonth(CalendarDate.today()).firstDay.startOfDay
        struct Row: Decodable {
            let key: UUID
            let n: Int
        }
        let rows = try await db.sqlDatabase().select().column(SQLColumn("provider_id"), as: "key").column(
            SQLFunction("COUNT", args: SQLLiteral.all), as: "n"
        )
        .from(OrderModel.schema)
        .where(try countyScope(county).sqlPredicate(column: "region_code"))
        .where(SQLColumn("created_at"), .greaterThanOrEqual, SQLBind(monthStart)).where(SQLColumn("provider_id"), .isNot, SQLLiteral.null)
        .groupBy(SQLColumn("provider_id")).all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.key.uuidString, $0.n) })
    }

    func countyScope(_ county: RegionCode) -> ScopedDatabase {
        ScopedDatabase(database: db, root: county)
    }
}
