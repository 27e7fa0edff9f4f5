import Fluent
import Foundation
import SQLKit

/// Group commit for new orders: orders placed while a write is under way wait and are then
/// inserted together, in one transaction with one multi-row statement per table. SQLite
/// takes one writer at a time, so this keeps the server's connections from queueing on its
/// write lock and pays for the transaction once per batch. Each caller returns only once
/// its own order is committed; when a batch fails, its orders are written one by one so
/// each caller gets its own answer (e.g. the unique key of a replayed Idempotency-Key).
public actor OrderWriter {
    struct Pending {
        let order: OrderModel
        let events: [OrderEventModel]
        let database: any Database
        let done: CheckedContinuation<Void, any Error>
    }

    /// At most this many orders per transaction (24 bound values each, well under SQLite's limit).
    public let maxBatch: Int
    private var pending: [Pending] = []
    private var draining = false

    /// The connection every batch is written on; without one, a batch uses the first caller's database.
    private let dedicated: (any Database)?

    public init(maxBatch: Int = 128, database: (any Database)? = nil) {
        self.maxBatch = maxBatch
        dedicated = database
    }

    /// Inserts the order with its timeline entries; returns once they are committed.
    func write(_ order: OrderModel, events: [OrderEventModel], on database: any Database) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            pending.append(Pending(order: order, events: events, database: database, done: done))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            do {
                try await Self.insert(batch, on: dedicated ?? batch[0].database)
                for p in batch { p.done.resume() }
            } catch {
                guard batch.count > 1 else { batch[0].done.resume(throwing: error); continue }
                for p in batch {
                    do { try await Self.insert([p], on: dedicated ?? p.database); p.done.resume() } catch { p.done.resume(throwing: error) }
                }
            }
        }
        draining = false
    }

    private static func insert(_ batch: [Pending], on database: any Database) async throws {
        try await database.transaction { db in
            try await Self.insert(orders: batch.map(\.order), on: db)
            try await Self.insert(events: batch.flatMap(\.events), on: db)
        }
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
