import Fluent
import Foundation
import YanglaoCore

/// 服务商月度结算: the services a provider completed in a month, each with its price, the
/// voucher part the platform pays and the elder's own part, and any quality flags.
public struct ProviderSettlement: Sendable {
    public struct Line: Sendable {
        public let orderID: UUID
        public let completedAt: Date
        public let elderName: String
        public let regionCode: String
        public let serviceName: String
        public let workerName: String
        public let priceFen: Int
        public let voucherFen: Int
        public let selfFen: Int
        public let flags: [QualityFinding]
    }

    public let provider: ProviderModel
    public let month: CalendarMonth
    public let lines: [Line]
    public var priceFen: Int { lines.reduce(0) { $0 + $1.priceFen } }
    public var voucherFen: Int { lines.reduce(0) { $0 + $1.voucherFen } }
    public var selfFen: Int { lines.reduce(0) { $0 + $1.selfFen } }
}

extension OrderService {
    /// The settlement of `providerID` for `month` (county and city officers of its county, and
    /// the provider's own administrator; audited).
    public func settlement(of providerID: UUID, in month: CalendarMonth) async throws -> ProviderSettlement {
        guard workers.providers.canDecide || actor.role == .providerAdmin else { throw AppError(.forbidden, "provider_decide_forbidden") }
        let provider = try await workers.providers.provider(providerID)
        let start = month.firstDay.startOfDay
        let end = month.next.firstDay.startOfDay
        let done = [OrderStatus.completed, .rated, .complained].map(\.rawValue)
        let orders = try await context.scoped.query(OrderModel.self).filter(\.$providerID == providerID).filter(\.$status ~~ done)
            .filter(\.$checkOutAt >= start).filter(\.$checkOutAt < end).sort(\.$checkOutAt).all()
        var names: [UUID: String] = [:]
        var workerNames: [UUID: String] = [:]
        for chunk in Array(Set(orders.map(\.elderID))).chunked(into: 500) {
            for person in try await ElderModel.query(on: db).filter(\.$id ~~ chunk).all() { names[person.id!] = person.name }
        }
        for worker in try await WorkerModel.query(on: db).filter(\.$provider.$id == providerID).all() { workerNames[worker.id!] = worker.name }
        let lines = orders.map { o in
            ProviderSettlement.Line(
                orderID: o.id!, completedAt: o.checkOutAt ?? o.wantedAt, elderName: names[o.elderID] ?? "", regionCode: o.regionCode,
                serviceName: ServiceCatalogue.type(o.serviceType, in: catalogue)?.name ?? o.serviceType,
                workerName: o.workerID.flatMap { workerNames[$0] } ?? "", priceFen: o.priceFen,
                voucherFen: o.voucherFen ?? 0, selfFen: o.selfFen ?? o.priceFen - (o.voucherFen ?? 0), flags: o.flags)
        }
        let settlement = ProviderSettlement(provider: provider, month: month, lines: lines)
        try await AuditLog.record(
            on: db, actor: actor, action: "provider.settlement", recordType: "provider", recordID: providerID.uuidString,
            region: provider.county, detail: "\(month) orders=\(lines.count) voucher_fen=\(settlement.voucherFen)")
        return settlement
    }
}
