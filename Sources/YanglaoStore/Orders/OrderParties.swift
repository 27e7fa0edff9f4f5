import Fluent
import Foundation
import YanglaoCore

/// The names an order page shows next to an order: the person, the worker, the provider.
/// Read in one query per kind for a whole page of orders; names only, no personal numbers.
public struct OrderParties: Sendable {
    public var elders: [UUID: String] = [:]
    public var workers: [UUID: String] = [:]
    public var providers: [UUID: String] = [:]
    /// The names of the orders' villages, by code.
    public var regions: [String: String] = [:]

    public func elder(_ order: OrderModel) -> String { elders[order.elderID] ?? "" }
    public func worker(_ order: OrderModel) -> String { order.workerID.flatMap { workers[$0] } ?? "" }
    public func provider(_ order: OrderModel) -> String { order.providerID.flatMap { providers[$0] } ?? "" }
    public func region(_ order: OrderModel) -> String { regions[order.regionCode] ?? order.regionCode }
}

extension OrderService {
    /// The parties of orders the caller has already been allowed to read.
    public func parties(of orders: [OrderModel]) async throws -> OrderParties {
        var parties = OrderParties()
        let elderIDs = Array(Set(orders.map(\.elderID)))
        let workerIDs = Array(Set(orders.compactMap(\.workerID)))
        let providerIDs = Array(Set(orders.compactMap(\.providerID)))
        if !elderIDs.isEmpty {
            for e in try await ElderModel.query(on: db).filter(\.$id ~~ elderIDs).field(\.$id).field(\.$name).all() { parties.elders[e.id!] = e.name }
        }
        if !workerIDs.isEmpty {
            for w in try await WorkerModel.query(on: db).filter(\.$id ~~ workerIDs).field(\.$id).field(\.$name).all() {
                parties.workers[w.id!] = w.name
            }
        }
        if !providerIDs.isEmpty {
            for p in try await ProviderModel.query(on: db).filter(\.$id ~~ providerIDs).field(\.$id).field(\.$name).all() {
                parties.providers[p.id!] = p.name
            }
        }
        parties.regions = try await RegionNames.of(orders.map(\.regionCode), on: db)
        return parties
    }
}
