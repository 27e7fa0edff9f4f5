import Vapor
import YanglaoCore
import YanglaoStore

/// Orders followed live: every committed order change goes, through the live bus (every
/// server), to the worker pages it concerns and to the family pages showing that order, as a
/// server-sent event; the page then reads itself afresh (`/static/live.js`).
struct LiveOrders: OrderWatchSink {
    let app: Application

    func changed(_ change: OrderChange) async {
        await app.orderBus.publish(change, on: app.db, logger: app.logger)
    }
}

typealias OrderBus = LiveBus<OrderChange>

extension Application {
    private struct OrderBusKey: StorageKey { typealias Value = OrderBus }
    /// The order pages' carrier across servers (one per server, set up by `configure`).
    var orderBus: OrderBus {
        get { storage[OrderBusKey.self]! }
        set { storage[OrderBusKey.self] = newValue }
    }
}

/// `GET /worker/events` and `GET /care/orders/{id}/events`: the streams the pages listen to.
struct LiveOrderRoutes {
    static let channel = "yanglao_orders"

    func boot(_ routes: any RoutesBuilder) {
        routes.get("worker", "events", use: worker)
        routes.get("care", "orders", ":order", "events", use: order)
    }

    /// The signed-in worker's offers and jobs: any change of an order that is or was theirs.
    func worker(req: Request) async throws -> Response {
        guard try req.actor.role == .serviceWorker else { throw AppError(.forbidden, "order_not_yours") }
        guard let me = try await req.workers.mine()?.id else { throw AppError(.notFound, "worker_not_found") }
        let stream = await req.application.orderBus.hub.subscribe { $0.concerns(worker: me) }
        return LiveStream.response(stream, event: "order")
    }

    /// One order, for the family page showing it (read as that page reads it: the family's own people only).
    func order(req: Request) async throws -> Response {
        try CarePages().requireFamily(req)
        let id = try OrdersAPI.id(req)
        _ = try await req.orders.order(id)
        let stream = await req.application.orderBus.hub.subscribe { $0.order == id }
        return LiveStream.response(stream, event: "order")
    }
}
