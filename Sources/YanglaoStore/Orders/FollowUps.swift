import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 回访: a call back to the person after a completed service, from the weekly sample.
public final class FollowUpCallModel: Model, RegionOwned, @unchecked Sendable {
    public static let schema = "follow_up_calls"
    public static let regionField: FieldKey = "region_code"

    public enum Status: String, Sendable { case pending, answered, unreachable }

    @ID(key: .id) public var id: UUID?
    @Field(key: "order_id") public var orderID: UUID
    @Field(key: "provider_id") public var providerID: UUID
    @Field(key: "region_code") public var regionCode: String
    /// The Monday of the week sampled.
    @Field(key: "week") public var week: String
    @Field(key: "troubled") public var troubled: Bool
    @Field(key: "status") public var status: String
    @OptionalField(key: "stars") public var stars: Int?
    @OptionalField(key: "note") public var note: String?
    @OptionalField(key: "called_by") public var calledBy: String?
    @OptionalField(key: "called_at") public var calledAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

struct CreateFollowUps: TableMigration {
    let tables = [FollowUpCallModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(FollowUpCallModel.schema)
            .id()
            .field("order_id", .uuid, .required, .references(OrderModel.schema, "id", onDelete: .cascade))
            .field("provider_id", .uuid, .required, .references(ProviderModel.schema, "id"))
            .field("region_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("week", .string, .required)
            .field("troubled", .bool, .required)
            .field("status", .string, .required)
            .field("stars", .int)
            .field("note", .string)
            .field("called_by", .string)
            .field("called_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "order_id")
            .create()
        try await database.index(on: FollowUpCallModel.schema, named: "follow_up_calls_region", columns: ["region_code", "status"])
        try await database.index(on: FollowUpCallModel.schema, named: "follow_up_calls_provider", columns: ["provider_id", "status"])
    }
}

extension OrderService {
    /// Samples the completed orders of the week starting `monday` for calls back (once per
    /// week: orders already sampled are skipped). Returns how many calls were added.
    public func sampleFollowUps(weekOf monday: CalendarDate, rule: FollowUpSampling = FollowUpSampling()) async throws -> Int {
        guard actor.role == .systemAdmin else { throw AppError(.forbidden, "order_forbidden") }
        let from = monday.startOfDay
        let to = monday.addingDays(7).startOfDay
        let done = [OrderStatus.completed, .rated, .complained].map(\.rawValue)
        let orders = try await context.scoped.query(OrderModel.self).filter(\.$checkOutAt >= from).filter(\.$checkOutAt < to)
            .filter(\.$status ~~ done).filter(\.$providerID != nil).all()
        let byID = Dictionary(uniqueKeysWithValues: orders.map { ($0.id!.uuidString, $0) })
        let picked = rule.sample(
            orders.map {
                .init(
                    orderID: $0.id!.uuidString, providerID: $0.providerID!.uuidString,
                    troubled: $0.complaint != nil || $0.flagsJSON != nil)
            },
            seed: UInt64(monday.dayNumber))
        let already = Set(try await FollowUpCallModel.query(on: db).filter(\.$week == monday.description).all().map(\.orderID))
        let calls = picked.compactMap { candidate -> FollowUpCallModel? in
            guard let order = byID[candidate.orderID], !already.contains(order.id!) else { return nil }
            let call = FollowUpCallModel()
            call.orderID = order.id!
            call.providerID = order.providerID!
            call.regionCode = order.regionCode
            call.week = monday.description
            call.troubled = candidate.troubled
            call.status = FollowUpCallModel.Status.pending.rawValue
            return call
        }
        try await db.transaction { db in
            for call in calls { try await call.create(on: db) }
        }
        return calls.count
    }

    /// The calls back waiting in the actor's region, oldest week first, with their orders.
    public func pendingFollowUps(offset: Int, limit: Int) async throws -> (calls: [(FollowUpCallModel, OrderModel)], total: Int) {
        guard canOrder else { throw AppError(.forbidden, "follow_ups_forbidden") }
        let query = try context.scoped.query(FollowUpCallModel.self).filter(\.$status == FollowUpCallModel.Status.pending.rawValue)
        let total = try await query.count()
        let calls = try await query.sort(\.$week).sort(\.$id).range(offset..<(offset + limit)).all()
        let orders = try await OrderModel.query(on: db).filter(\.$id ~~ calls.map(\.orderID)).all()
        let byID = Dictionary(uniqueKeysWithValues: orders.map { ($0.id!, $0) })
        return (calls.compactMap { call in byID[call.orderID].map { (call, $0) } }, total)
    }

    /// The answer of a call back: the person's stars (1–5) and what they said, or that
    /// nobody answered. The stars count in the provider's rating.
    public func answerFollowUp(_ id: UUID, reached: Bool, stars: Int?, note: String) async throws -> FollowUpCallModel {
        guard canOrder else { throw AppError(.forbidden, "follow_ups_forbidden") }
        guard let call = try await context.scoped.find(FollowUpCallModel.self, id: id) else { throw AppError(.notFound, "follow_up_not_found") }
        guard call.status == FollowUpCallModel.Status.pending.rawValue else { throw AppError(.conflict, "follow_up_answered") }
        if reached {
            guard let stars, (1...5).contains(stars) else {
                throw AppError(.invalidInput, "out_of_range", field: "stars", ["minimum": "1", "maximum": "5"])
            }
            call.stars = stars
        }
        call.status = (reached ? FollowUpCallModel.Status.answered : .unreachable).rawValue
        call.note = String(note.trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
        call.calledBy = actor.username
        call.calledAt = Date()
        try await call.update(on: db)
        if reached { try await refreshProviderRating(call.providerID) }
        return call
    }

    /// A provider's rating: the average of its orders' stars and its calls back's stars.
    func refreshProviderRating(_ providerID: UUID) async throws {
        guard let provider = try await ProviderModel.find(providerID, on: db) else { return }
        let orders = try await starTotal(in: OrderModel.schema, column: "rating", where: "provider_id", is: providerID)
        let calls = try await starTotal(in: FollowUpCallModel.schema, column: "stars", where: "provider_id", is: providerID)
        let count = orders.count + calls.count
        guard count > 0 else { return }
        provider.rating = Double(orders.sum + calls.sum) / Double(count)
        provider.ratingCount = count
        try await provider.update(on: db)
    }
}
