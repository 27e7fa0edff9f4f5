import Foundation
import YanglaoCore

/// What a page that follows orders live (the worker's offers, the family's order) hears of
/// every order change on this server, after its commit. The web layer fills the slot; an empty
/// slot (tests, the command line) means nobody follows.
public protocol OrderWatchSink: Sendable {
    func changed(_ change: OrderChange) async
}

/// One committed change of an order: who it concerns and where it stands now.
public struct OrderChange: Sendable, Codable, Equatable {
    public let order: UUID
    public let elder: UUID
    /// The worker the order is with now (offered, accepted, …, done), if any.
    public let worker: UUID?
    /// The worker who held it before the change, when another (a refusal, a lapsed offer).
    public let formerWorker: UUID?
    public let status: String

    public init(order: UUID, elder: UUID, worker: UUID?, formerWorker: UUID?, status: String) {
        self.order = order
        self.elder = elder
        self.worker = worker
        self.formerWorker = formerWorker
        self.status = status
    }

    /// Whether a worker's page shows this order now or showed it before.
    public func concerns(worker id: UUID) -> Bool { worker == id || formerWorker == id }
}

extension NodeState {
    private enum OrderWatchSlot: NodeStateKey { typealias Value = any OrderWatchSink }

    public var orderWatch: (any OrderWatchSink)? {
        get { self[OrderWatchSlot.self] }
        set { self[OrderWatchSlot.self] = newValue }
    }
}

extension StoreContext {
    /// After an order's change committed: the dispatch cache and the pages that follow it hear of it.
    func orderCommitted(_ order: OrderModel, before: OrderHolding) async {
        await dispatchCommitted(order, before: before)
        guard let watch = node.orderWatch, let id = order.id else { return }
        let former = before.worker != order.workerID ? before.worker : nil
        await watch.changed(OrderChange(order: id, elder: order.elderID, worker: order.workerID, formerWorker: former, status: order.status))
    }
}
