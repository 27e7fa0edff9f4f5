import Foundation
import YanglaoCore

extension StoreContext {
    /// Tells this server's dispatch cache that a county's dispatch data (its workers, their
    /// duty and position, its admitted providers, its 派单模式) changed. Called by the services
    /// after their transaction committed, so a handler, a command or a job that makes the
    /// change cannot forget it; without a cache it does nothing.
    func dispatchDataChanged(in county: RegionCode) async {
        await node.dispatchCache?.invalidate(county)
    }
}

/// Who held an order before a change: what the dispatch cache is told about afterwards.
struct OrderHolding: Sendable {
    let worker: UUID?
    let provider: UUID?

    static let nobody = OrderHolding(worker: nil, provider: nil)

    init(worker: UUID?, provider: UUID?) {
        self.worker = worker
        self.provider = provider
    }

    init(_ order: OrderModel) {
        self.init(worker: order.heldBy, provider: order.providerID)
    }
}

extension StoreContext {
    /// The one place the dispatch cache hears of an order, after the order's change committed:
    /// the order left the worker who held it, reached another, or was given to a provider
    /// (mode (a)), so the next order sees those loads and counts at once, not only after the
    /// county's next rebuild.
    func dispatchCommitted(_ order: OrderModel, before: OrderHolding) async {
        guard let cache = node.dispatchCache, let id = order.id?.uuidString, let county = order.region.county else { return }
        let holder = order.heldBy
        if holder != before.worker {
            if before.worker != nil { await cache.released(id, in: county) }
            if let holder { await cache.offered(id, to: holder.uuidString, in: county) }
        }
        if let provider = order.providerID, provider != before.provider, order.workerID == nil, order.statusValue == .dispatched {
            await cache.given(toProvider: provider.uuidString, in: county)
        }
    }
}
