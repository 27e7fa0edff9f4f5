import Fluent
import Foundation
import SQLKit

/// New orders with their timeline entries, written by group commit (see `GroupCommit`).
public typealias OrderWriter = GroupCommit<OrderRows.New>

extension GroupCommit where Item == OrderRows.New {
    /// At most 128 orders per transaction (24 bound values each, well under SQLite's limit).
    public init(maxBatch: Int = 128, database: (any Database)? = nil) {
        self.init(maxBatch: maxBatch, database: database) { batch, db in
            try await OrderRows.insert(orders: batch.map(\.order), on: db)
            try await OrderRows.insert(events: batch.flatMap(\.events), on: db)
        }
    }

    /// Inserts the order with its timeline entries; returns once they are committed.
    func write(_ order: OrderModel, events: [OrderEventModel], on database: any Database) async throws {
        try await submit(OrderRows.New(order: order, events: events), on: database)
    }
}

/// The rows a new order writes, each kind in one statement.
public enum OrderRows {
    public struct New: Sendable {
        let order: OrderModel
        let events: [OrderEventModel]
    }

    /// Inserts new orders with the columns an order has when placed, in one statement.
    static func insert(orders: [OrderModel], on db: any Database) async throws {
        var insert = (db as! any SQLDatabase).insert(into: OrderModel.schema).columns(
            "id", "elder_id", "region_code", "service_type", "wanted_at", "scheduled", "address", "latitude", "longitude", "notes",
            "ordered_by", "channel", "idempotency_key", "status", "provider_id", "worker_id", "offered_at", "dispatch_explanation",
            "queue_reason", "excluded_workers", "price_fen", "confirmation_code", "created_at", "updated_at")
        for o in orders {
            insert = insert.values(
                SQLBind(o.id!), SQLBind(o.elderID), SQLBind(o.regionCode), SQLBind(o.serviceType), SQLBind(o.wantedAt), SQLBind(o.scheduled),
                SQLBind(o.address), SQLBind(o.latitude), SQLBind(o.longitude), SQLBind(o.notes), SQLBind(o.orderedBy), SQLBind(o.channel),
                SQLBind(o.idempotencyKey), SQLBind(o.status), SQLBind(o.providerID), SQLBind(o.workerID), SQLBind(o.offeredAt),
                SQLBind(o.dispatchExplanation), SQLBind(o.queueReason), SQLBind(o.excludedJSON), SQLBind(o.priceFen),
                SQLBind(o.confirmationCode), SQLBind(o.createdAt), SQLBind(o.updatedAt))
        }
        try await insert.run()
    }

    /// Inserts timeline entries in one statement.
    static func insert(events: [OrderEventModel], on db: any Database) async throws {
        guard !events.isEmpty else { return }
        var insert = (db as! any SQLDatabase).insert(into: OrderEventModel.schema)
            .columns("id", "order_id", "event", "from_status", "to_status", "actor_username", "at", "detail")
        for e in events {
            insert = insert.values(SQLBind(e.id ?? UUID()), SQLBind(e.orderID), SQLBind(e.event), SQLBind(e.fromStatus), SQLBind(e.toStatus),
                                   SQLBind(e.actorUsername), SQLBind(e.at), SQLBind(e.detail))
        }
        try await insert.run()
    }
}
