import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 点单, the platform's busiest write: two reads in plain SQL (the token, the person) and
/// one insert. The order is dispatched in memory (from the county's cached dispatch data)
/// before anything is written, then inserted in its dispatched or queued state together
/// with both timeline entries, so an acknowledged order is complete. A replayed
/// Idempotency-Key is caught by the unique key on insert, so the common case pays no lookup.
extension OrderService {
    /// An order just placed (or found again by its key), with its timeline.
    public struct Placed: Sendable {
        public let order: OrderModel
        public let events: [OrderEventModel]
        public let replayed: Bool
    }

    /// Places an order and dispatches it. With `idempotencyKey`, a retry by the same user
    /// returns the order the key made (`replayed`), and the same key for another order is a conflict.
    public func create(_ input: OrderInput, idempotencyKey: String? = nil, now: Date = Date()) async throws -> (order: OrderModel, replayed: Bool) {
        let placed = try await place(input, idempotencyKey: idempotencyKey, now: now)
        return (placed.order, placed.replayed)
    }

    public func place(_ input: OrderInput, idempotencyKey: String? = nil, now: Date = Date()) async throws -> Placed {
        guard speaksForElder else { throw AppError(.forbidden, "order_forbidden") }
        let key = idempotencyKey?.trimmingCharacters(in: .whitespaces)
        if let key, !(1...128).contains(key.count) { throw AppError(.invalidInput, "idempotency_key_invalid", field: "Idempotency-Key") }
        let problems = input.problems(now: now, catalogue: catalogue)
        guard problems.isEmpty else { throw AppError(invalid: problems) }
        let person = try await orderTarget(input.elderId)
        guard person.status == ElderStatus.active.rawValue else {
            let status = ElderStatus(rawValue: person.status)?.chineseName ?? person.status
            throw AppError(.conflict, "order_person_not_in_register", field: "elderId", ["status": status])
        }
        let inForce = try await CatalogueService(context).inForce(for: RegionCode(validated: person.region_code), on: CalendarDate(now))
        let priced = pricing(by: inForce.catalogue)
        let type = ServiceCatalogue.type(input.serviceType, in: inForce.catalogue)!
        let order = OrderModel()
        order.id = UUID()
        order.elderID = input.elderId
        order.regionCode = person.region_code
        order.serviceType = type.code
        order.wantedAt = input.wantedAt ?? now
        order.scheduled = input.wantedAt != nil
        order.address = input.address?.trimmingCharacters(in: .whitespaces) ?? person.address
        if input.address == nil {
            order.latitude = person.latitude
            order.longitude = person.longitude
        }
        order.notes = input.notes?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        order.orderedBy = actor.username
        order.channel = input.channel.rawValue
        order.idempotencyKey = key
        order.status = OrderStatus.created.rawValue
        order.excludedWorkers = []
        order.priceFen = type.priceFen
        order.standardMinutes = type.standardMinutes
        order.confirmationCode = String(format: "%04d", Int.random(in: 0...9999))
        order.createdAt = now
        order.updatedAt = now
        let created = entry(for: order, named: "create", from: nil, detail: "\(type.name) \(input.channel.chineseName)", at: now)
        let decision = try await priced.decide(order)
        let dispatched = try transition(order, decision.event, detail: decision.detail) { decision.apply(to: $0, at: Date()) }
        do {
            if let writer {
                try await writer.write(order, events: [created, dispatched], on: db)
            } else {
                try await db.transaction { db in
                    try await OrderRows.insert(orders: [order], on: db)
                    try await OrderRows.insert(events: [created, dispatched], on: db)
                }
            }
        } catch {
            // A retry: the key made an order before (the unique key of ordered_by and idempotency_key).
            guard let key, (error as? any DatabaseError)?.isConstraintFailure == true,
                let earlier = try await self.order(madeWith: key, for: input)
            else { throw error }
            return earlier
        }
        order.$id.exists = true
        await context.orderCommitted(order, before: .nobody)
        return Placed(order: order, events: [created, dispatched], replayed: false)
    }

    /// The order this user made with `key`; a conflict when the key was used for another person or service.
    func order(madeWith key: String, for input: OrderInput) async throws -> Placed? {
        struct Row: Decodable {
            let id: UUID
            let elder_id: UUID
            let service_type: String
        }
        guard
            let row = try await sql.select().columns("id", "elder_id", "service_type").from(OrderModel.schema)
                .where("ordered_by", .equal, SQLBind(actor.username)).where("idempotency_key", .equal, SQLBind(key))
                .first(decoding: Row.self)
        else { return nil }
        guard row.elder_id == input.elderId, row.service_type == input.serviceType else {
            throw AppError(.conflict, "idempotency_key_reused", field: "Idempotency-Key")
        }
        guard let order = try await OrderModel.find(row.id, on: db) else { return nil }
        let events = try await OrderEventModel.query(on: db).filter(\.$orderID == row.id).sort(\.$at).all()
        return Placed(order: order, events: events, replayed: true)
    }

    /// What an order needs to know of the person it is for.
    struct OrderTarget: Decodable {
        let region_code: String, status: String, address: String, latitude: Double?, longitude: Double?
    }

    /// The person an order is for, when the actor may order for them: in the officer's region, or bound to the family account.
    func orderTarget(_ elderID: UUID) async throws -> OrderTarget {
        var query = try sql.select().columns("region_code", "status", "address", "latitude", "longitude").from(ElderModel.schema)
            .where("id", .equal, SQLBind(elderID))
        if let mine = try await familyPeople() {
            guard mine.contains(elderID) else { throw AppError(.notFound, "elder_not_found") }
        } else {
            try register.requireRead()
            query = query.where(try context.scoped.sqlPredicate(column: "region_code"))
        }
        guard let person = try await query.first(decoding: OrderTarget.self) else { throw AppError(.notFound, "elder_not_found") }
        return person
    }

    var sql: any SQLDatabase { get throws { try db.sqlDatabase() } }
}
