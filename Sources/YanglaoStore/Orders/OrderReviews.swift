import Fluent
import Foundation
import YanglaoCore

/// 复核: the township or county closes what needs a person's judgement — a complaint (处理结果)
/// and an order's quality flags (属实 / 不属实). Closing records who, when and what; it never
/// changes the order's money (a confirmed flag is for the settlement reviewer to act on).
public enum ReviewKind: String, Sendable, CaseIterable { case complaint, flags }

public enum FlagVerdict: String, Sendable, CaseIterable {
    case confirmed, dismissed
    public var chineseName: String { self == .confirmed ? "属实" : "不属实" }
}

extension OrderService {
    /// Township, county and city officers (and the administrator) review their region's orders.
    var canReview: Bool { actor.role.canReviewOrders }

    /// 投诉处理: the outcome of a complaint, told to the person; once.
    public func resolveComplaint(_ id: UUID, outcome: String) async throws -> OrderModel {
        guard canReview else { throw AppError(.forbidden, "order_review_forbidden") }
        let text = outcome.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 1_000 else { throw AppError(.invalidInput, "required", field: "outcome") }
        let order = try await self.order(id)
        guard order.complaint != nil else { throw AppError(.conflict, "order_no_complaint") }
        guard order.complaintResolvedAt == nil else { throw AppError(.conflict, "order_review_closed") }
        order.complaintResolution = text
        order.complaintResolvedBy = actor.username
        order.complaintResolvedAt = Date()
        return try await note(order, "投诉处理：\(text)")
    }

    /// 标记复核: the flags are found true or not, with a note; once.
    public func reviewFlags(_ id: UUID, verdict: FlagVerdict, note text: String) async throws -> OrderModel {
        guard canReview else { throw AppError(.forbidden, "order_review_forbidden") }
        let order = try await self.order(id)
        guard !order.flags.isEmpty else { throw AppError(.conflict, "order_no_flags") }
        guard order.flagsReviewedAt == nil else { throw AppError(.conflict, "order_review_closed") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard verdict == .dismissed || !trimmed.isEmpty else { throw AppError(.invalidInput, "required", field: "note") }
        order.flagsVerdict = verdict.rawValue
        order.flagsReviewNote = String(trimmed.prefix(500))
        order.flagsReviewedBy = actor.username
        order.flagsReviewedAt = Date()
        return try await note(order, "标记复核：\(verdict.chineseName) \(trimmed)")
    }

    /// Saves a review on the order with a timeline entry (its status unchanged).
    func note(_ order: OrderModel, _ detail: String) async throws -> OrderModel {
        let actor = actor
        try await db.transaction { db in
            try await order.update(on: db)
            try await Self.record(order, named: "review", from: order.status, detail: detail, actor: actor, on: db)
        }
        return order
    }
}

struct AddOrderReviews: AsyncMigration {
    static let fields: [(String, DatabaseSchema.DataType)] = [
        ("complaint_resolution", .string), ("complaint_resolved_by", .string), ("complaint_resolved_at", .datetime),
        ("flags_verdict", .string), ("flags_review_note", .string), ("flags_reviewed_by", .string), ("flags_reviewed_at", .datetime),
    ]

    func prepare(on database: any Database) async throws {
        for (name, type) in Self.fields { try await database.schema(OrderModel.schema).field(.string(name), type).update() }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.fields.reversed() { try await database.schema(OrderModel.schema).deleteField(.string(name)).update() }
    }
}
