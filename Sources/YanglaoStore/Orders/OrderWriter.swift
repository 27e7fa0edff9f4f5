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

    /// Inserts new orders with the columns an order has when placed, in one statement (on
    /// SQLite straight to the driver: the group commit writes one batch at a time, so the cost
    /// of building the statement is paid by every order waiting).
    static func insert(orders: [OrderModel], on db: any Database) async throws {
        try await BulkInsert.run(
            db, into: OrderModel.schema,
            columns: [
                "id", "elder_id", "region_code", "service_type", "wanted_at", "scheduled", "address", "latitude", "longitude", "notes",
                "ordered_by", "channel", "idempotency_key", "status", "provider_id", "worker_id", "offered_at", "dispatch_explanation",
                "queue_reason", "excluded_workers", "price_fen", "standard_minutes", "confirmation_code", "created_at", "updated_at",
            ],
            rows: orders.map { o in
                [
                    .uuid(o.id!), .uuid(o.elderID), .text(o.regionCode), .text(o.serviceType), .date(o.wantedAt), .bool(o.scheduled),
                    .text(o.address), BulkCell(o.latitude), BulkCell(o.longitude), .text(o.notes), .text(o.orderedBy), .text(o.channel),
                    BulkCell(o.idempotencyKey), .text(o.status), BulkCell(o.providerID), BulkCell(o.workerID), BulkCell(o.offeredAt),
                    BulkCell(o.dispatchExplanation), BulkCell(o.queueReason), .text(o.excludedJSON), BulkCell(o.priceFen),
                    BulkCell(o.standardMinutes),
                    BulkCell(o.confirmationCode), BulkCell(o.createdAt), BulkCell(o.updatedAt),
                ]
            })
    }

    /// Inserts timeline entries in one statement.
    static func insert(events: [OrderEventModel], on db: any Database) async throws {
        try await BulkInsert.run(
            db, into: OrderEventModel.schema,
            columns: [
                "id", "order_id", "event", "from_status", "to_status", "actor_username", "at", "detail",
            ],
            rows: events.map { e in
                [
                    .uuid(e.id ?? UUID()), .uuid(e.orderID), .text(e.event), BulkCell(e.fromStatus), .text(e.toStatus), .text(e.actorUsername),
                    .date(e.at), .text(e.detail),
                ]
            })
    }
}

extension NodeState {
    private enum OrderWriterSlot: NodeStateKey { typealias Value = OrderWriter }
    /// The group commit new orders of this server go through.
    public var orderWriter: OrderWriter? {
        get { self[OrderWriterSlot.self] }
        set { self[OrderWriterSlot.self] = newValue }
    }
}
