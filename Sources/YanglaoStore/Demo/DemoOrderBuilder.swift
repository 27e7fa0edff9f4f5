import Fluent
import Foundation
import SQLKit
import YanglaoCore

extension DemoCityBuilder {
    /// Writes a year of past orders (DemoOrderPlan) with their steps in bulk, then sets each
    /// worker's and provider's rating from the rated orders, as 评单 does one order at a time.
    public func buildOrderHistory(
        on db: any Database, now: Date = Date(),
        progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }
    ) async throws {
        let sql = try db.sqlDatabase()
        struct WorkerRow: Decodable {
            let id: UUID
            let provider_id: UUID
            let region_code: String
            let skills: String
            let name: String
        }
        let people = try await activePeople(on: sql, located: true)
        let workers = try await sql.select().columns("id", "provider_id", "region_code", "skills", "name").from(WorkerModel.schema)
            .orderBy("id").all(decoding: WorkerRow.self)
        let plan = DemoOrderPlan(size: self.plan.size)
        let orders = plan.orders(
            people: people.map {
                .init(
                    id: $0.id.uuidString, county: String($0.region_code.prefix(6)),
                    position: GeoPoint(latitude: $0.latitude!, longitude: $0.longitude!))
            },
            workers: workers.map {
                .init(
                    id: $0.id.uuidString, providerID: $0.provider_id.uuidString, county: String($0.region_code.prefix(6)),
                    skills: JSONColumn.decode($0.skills) ?? [], name: $0.name)
            },
            now: now, seed: self.plan.seed)
        let orderColumns = [
            "id", "elder_id", "region_code", "service_type", "wanted_at", "scheduled", "address", "latitude", "longitude", "notes",
            "ordered_by", "channel", "status", "provider_id", "worker_id", "offered_at", "dispatch_explanation", "excluded_workers",
            "price_fen", "created_at", "updated_at", "confirmation_code", "check_in_at", "check_in_latitude", "check_in_longitude",
            "check_out_at", "service_record", "confirmed", "rating", "rating_comment", "complaint", "cancel_reason", "voucher_fen", "self_fen",
        ]
        let eventColumns = ["id", "order_id", "event", "from_status", "to_status", "actor_username", "at", "detail"]
        var ids = TimeOrderedIDs()
        let batch = 2_000
        for start in stride(from: 0, to: orders.count, by: batch) {
            var orderRows: [[BulkCell]] = []
            var eventRows: [[BulkCell]] = []
            for o in orders[start..<min(start + batch, orders.count)] {
                let person = people[o.person]
                let worker = o.worker.map { workers[$0] }
                let id = ids.next()
                let orderedBy = o.channel == .app ? "elder" : o.channel == .phone ? "hotline" : "demo"
                let paid = o.checkOut != nil
                orderRows.append([
                    .uuid(id), .uuid(person.id), .text(person.region_code), .text(o.serviceType), .date(o.createdAt), .bool(false),
                    .text(person.address),
                    BulkCell(person.latitude), BulkCell(person.longitude), .text(""), .text(orderedBy), .text(o.channel.rawValue),
                    .text(o.status.rawValue),
                    worker.map { .uuid($0.provider_id) } ?? .null, worker.map { .uuid($0.id) } ?? .null, .date(o.steps.first?.at ?? o.createdAt),
                    .text("示范数据：按距离派单"), .text("[]"), .int(o.priceFen), .date(o.createdAt), .date(o.steps.last?.at ?? o.createdAt),
                    .text(String(format: "%04d", o.priceFen % 10_000)), o.checkIn.map(BulkCell.date) ?? .null,
                    o.checkIn == nil ? .null : BulkCell(person.latitude), o.checkIn == nil ? .null : BulkCell(person.longitude),
                    o.checkOut.map(BulkCell.date) ?? .null, BulkCell(paid ? "服务已完成（示范数据）" : nil), paid ? .bool(true) : .null,
                    BulkCell(o.rating), BulkCell(o.comment), BulkCell(o.complaint), BulkCell(o.cancelReason),
                    paid ? .int(0) : .null, paid ? .int(o.priceFen) : .null,
                ])
                var from: OrderStatus?
                eventRows.append([
                    .uuid(ids.next()), .uuid(id), .text("create"), .null, .text(OrderStatus.created.rawValue), .text(orderedBy),
                    .date(o.createdAt), .text(o.channel.chineseName),
                ])
                from = .created
                for step in o.steps {
                    eventRows.append([
                        .uuid(ids.next()), .uuid(id), .text(step.event.rawValue), BulkCell(from?.rawValue), .text(step.status.rawValue),
                        .text("demo"), .date(step.at), .text(step.detail),
                    ])
                    from = step.status
                }
            }
            let (orderBatch, eventBatch) = (orderRows, eventRows)
            try await db.transaction { tx in
                try await BulkInsert.run(tx, into: OrderModel.schema, columns: orderColumns, rows: orderBatch)
                try await BulkInsert.run(tx, into: OrderEventModel.schema, columns: eventColumns, rows: eventBatch)
            }
            progress("orders", min(start + batch, orders.count), orders.count)
        }
        try await sql.raw(
            """
            UPDATE service_workers SET rating = COALESCE((SELECT AVG(rating) FROM service_orders o WHERE o.worker_id = service_workers.id AND o.rating IS NOT NULL), 0)
            """
        ).run()
        try await sql.raw(
            """
            UPDATE service_providers SET
              rating = COALESCE((SELECT AVG(rating) FROM service_orders o WHERE o.provider_id = service_providers.id AND o.rating IS NOT NULL), 0),
              rating_count = (SELECT COUNT(rating) FROM service_orders o WHERE o.provider_id = service_providers.id)
            """
        ).run()
    }
}
