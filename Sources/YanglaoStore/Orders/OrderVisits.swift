import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 接单之后: on the way, check-in with the phone's position, check-out with the service
/// record (and the elder's confirmation code), the quality flags, 评单 and complaints.
extension OrderService {
    /// The worker the order is with, or an officer acting for them.
    func requireWorker(of order: OrderModel) async throws -> WorkerModel? {
        var worker: WorkerModel?
        if let id = order.workerID { worker = try await WorkerModel.find(id, on: db) }
        guard canOrder || (worker?.username != nil && worker?.username == actor.username) else { throw AppError(.forbidden, "order_not_yours") }
        return worker
    }

    /// 出发.
    public func depart(_ id: UUID) async throws -> OrderModel {
        let order = try await self.order(id)
        _ = try await requireWorker(of: order)
        return try await move(order, .depart) { $0.departedAt = Date() }
    }

    /// 签到: the time and, when the phone gives one, the position.
    public func checkIn(_ id: UUID, at position: GeoPoint?, now: Date = Date()) async throws -> OrderModel {
        let order = try await self.order(id)
        _ = try await requireWorker(of: order)
        if let position, !position.isValid { throw AppError(.invalidInput, "out_of_range", field: "latitude", ["minimum": "-90", "maximum": "90"]) }
        let detail = position.map { p in order.position.map { "距服务地址 \(GeoPoint.distanceText(p.distance(to: $0)))" } ?? "已记录位置" } ?? "未提供位置"
        return try await move(order, .checkIn, detail: detail) {
            $0.checkInAt = now
            $0.checkInLatitude = position?.latitude
            $0.checkInLongitude = position?.longitude
        }
    }

    /// 签退 with what was done; `code` is the 4-digit code the elder reads out (optional, but
    /// a wrong one is refused). The quality checks run now; their flags go to review and
    /// never change the money by themselves.
    public func checkOut(_ id: UUID, record: String, code: String? = nil, now: Date = Date()) async throws -> OrderModel {
        let order = try await self.order(id)
        let worker = try await requireWorker(of: order)
        let text = record.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 1_000 else { throw AppError(.invalidInput, "required", field: "record") }
        var confirmed: Bool?
        if let code = code?.trimmingCharacters(in: .whitespaces), !code.isEmpty {
            guard code == order.confirmationCode else { throw AppError(.invalidInput, "order_code_wrong", field: "code") }
            confirmed = true
        }
        guard order.statusValue == .inService, let checkIn = order.checkInAt else {
            _ = try OrderLifecycle.next(after: .checkOut, from: order.statusValue)
            throw AppError(.conflict, "order_not_checked_in")
        }
        let visit = visit(of: order, workerID: worker?.id, checkIn: checkIn, checkOut: now)
        let person = try await ElderModel.find(order.elderID, on: db)
        let deceasedOn = person?.statusValue == .deceased ? person?.statusDate.flatMap(CalendarDate.init) : nil
        let findings = QualityChecks.findings(for: visit, others: try await neighbours(of: visit, order: order), deceasedOn: deceasedOn)
        let detail = findings.isEmpty ? "服务记录：\(text)" : "服务记录：\(text)；标记：" + findings.map(\.flag.chineseName).joined(separator: "、")
        let month = CalendarMonth(CalendarDate(now))
        let completed = ServiceCompleted(
            orderID: try order.requireID(), elderID: order.elderID, serviceType: order.serviceType, day: CalendarDate(now).description)
        let done = try await move(
            order, .checkOut, detail: detail,
            {
                $0.checkOutAt = now
                $0.serviceRecord = text
                $0.confirmed = confirmed
                $0.flags = findings
            },
            alongside: { order, db in
                let payment = try await VoucherLedger.pay(order, in: month, on: db)
                order.voucherFen = payment.voucherFen
                order.selfFen = payment.selfFen
                try await EventOutbox.record(completed, on: db)
            })
        await context.deliverEvents()
        return done
    }

    /// 评单: 1–5 stars and a comment; the worker's and provider's ratings are the averages of their rated orders.
    public func rate(_ id: UUID, stars: Int, comment: String) async throws -> OrderModel {
        guard speaksForElder else { throw AppError(.forbidden, "order_forbidden") }
        guard (1...5).contains(stars) else { throw AppError(.invalidInput, "out_of_range", field: "stars", ["minimum": "1", "maximum": "5"]) }
        let order = try await self.order(id)
        let rated = try await move(order, .rate, detail: "\(stars) 星 \(comment)") {
            $0.rating = stars
            $0.ratingComment = String(comment.trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
        }
        try await refreshRatings(of: rated)
        return rated
    }

    /// 投诉, tracked to closure by the county (the complaints queue).
    public func complain(_ id: UUID, text: String) async throws -> OrderModel {
        guard speaksForElder else { throw AppError(.forbidden, "order_forbidden") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 1_000 else { throw AppError(.invalidInput, "required", field: "text") }
        return try await move(try await order(id), .complain, detail: trimmed) { $0.complaint = trimmed }
    }

    /// 取消 before the service starts, with the reason.
    public func cancel(_ id: UUID, reason: String) async throws -> OrderModel {
        guard speaksForElder else { throw AppError(.forbidden, "order_forbidden") }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw AppError(.invalidInput, "required", field: "reason") }
        return try await move(try await order(id), .cancel, detail: trimmed) { $0.cancelReason = String(trimmed.prefix(500)) }
    }

    func visit(of order: OrderModel, workerID: UUID?, checkIn: Date, checkOut: Date) -> ServiceVisit {
        ServiceVisit(
            orderID: order.id?.uuidString ?? "", personID: order.elderID.uuidString, workerID: workerID?.uuidString ?? "",
            serviceType: order.serviceType,
            standardMinutes: order.standardMinutes ?? ServiceCatalogue.type(order.serviceType, in: catalogue)?.standardMinutes ?? 0,
            address: order.position, checkIn: checkIn, checkInPosition: order.checkInPosition, checkOut: checkOut)
    }

    /// The visits of the same person or worker within half a day of `visit`.
    func neighbours(of visit: ServiceVisit, order: OrderModel) async throws -> [ServiceVisit] {
        let from = visit.checkIn.addingTimeInterval(-43_200)
        let to = visit.checkOut.addingTimeInterval(43_200)
        var query = OrderModel.query(on: db).filter(\.$checkInAt >= from).filter(\.$checkInAt <= to).filter(\.$id != (try order.requireID()))
        if let worker = order.workerID {
            query = query.group(.or) { $0.filter(\.$elderID == order.elderID).filter(\.$workerID == worker) }
        } else {
            query = query.filter(\.$elderID == order.elderID)
        }
        return try await query.all().compactMap { other in
            guard let start = other.checkInAt else { return nil }
            return self.visit(of: other, workerID: other.workerID, checkIn: start, checkOut: other.checkOutAt ?? Date())
        }
    }

    func refreshRatings(of order: OrderModel) async throws {
        if let workerID = order.workerID, let worker = try await WorkerModel.find(workerID, on: db) {
            let stars = try await starTotal(in: OrderModel.schema, column: "rating", where: "worker_id", is: workerID)
            if stars.count > 0 {
                worker.rating = Double(stars.sum) / Double(stars.count)
                try await worker.update(on: db)
            }
        }
        if let providerID = order.providerID { try await refreshProviderRating(providerID) }
    }

    /// The sum and count of the non-null `column` of `table`'s rows whose `key` is `id`.
    func starTotal(in table: String, column: String, where key: String, is id: UUID) async throws -> (sum: Int, count: Int) {
        struct Row: Decodable {
            let s: Int?
            let n: Int
        }
        // PostgreSQL sums bigints as numeric: cast back.
        let row = try await db.sqlDatabase().select().column(SQLRaw("CAST(SUM(\(column)) AS BIGINT)"), as: "s")
            .column(SQLFunction("COUNT", args: SQLColumn(column)), as: "n")
            .from(table).where(SQLColumn(key), .equal, SQLBind(id)).first(decoding: Row.self)
        return (row?.s ?? 0, row?.n ?? 0)
    }
}
