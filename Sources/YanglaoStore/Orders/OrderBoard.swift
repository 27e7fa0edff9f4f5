import Fluent
import Foundation
import YanglaoCore

/// 工单看板: the orders of the actor's region, filtered, newest first, a page at a time.
public struct OrderFilter: Sendable {
    public var region: RegionCode?
    public var status: OrderStatus?
    public var serviceType: String?
    public var providerID: UUID?
    /// Only orders with quality flags (the review queue).
    public var flaggedOnly = false
    /// Only orders whose complaint or flags still wait for the township's or county's review.
    public var awaitingReview: ReviewKind?
    /// Only orders with a complaint, resolved or not.
    public var complainedOnly = false
    /// Only orders still open (waiting, offered, taken or in service).
    public var openOnly = false
    /// Placed on or after this day (China time).
    public var from: CalendarDate?
    /// Placed on or before this day.
    public var to: CalendarDate?

    public init(
        region: RegionCode? = nil, status: OrderStatus? = nil, serviceType: String? = nil, providerID: UUID? = nil, flaggedOnly: Bool = false,
        awaitingReview: ReviewKind? = nil
    ) {
        self.region = region
        self.status = status
        self.serviceType = serviceType
        self.providerID = providerID
        self.flaggedOnly = flaggedOnly
        self.awaitingReview = awaitingReview
    }
}

extension OrderService {
    public func list(_ filter: OrderFilter, offset: Int, limit: Int) async throws -> (orders: [OrderModel], total: Int) {
        guard canReadOrders else { throw AppError(.forbidden, "order_forbidden") }
        var query: QueryBuilder<OrderModel>
        do { query = try context.scoped.query(OrderModel.self, within: filter.region) } catch {
            throw AppError(.forbidden, "region_forbidden", field: "region", ["code": filter.region?.value ?? ""])
        }
        if let status = filter.status { query = query.filter(\.$status == status.rawValue) }
        if let type = filter.serviceType { query = query.filter(\.$serviceType == type) }
        if let provider = filter.providerID { query = query.filter(\.$providerID == provider) }
        if filter.flaggedOnly { query = query.filter(\.$flagsJSON != nil) }
        if filter.complainedOnly { query = query.filter(\.$complaint != nil) }
        if filter.openOnly { query = query.filter(\.$status ~~ OrderStatus.allCases.filter(\.isOpen).map(\.rawValue)) }
        if let from = filter.from { query = query.filter(\.$createdAt >= from.startOfDay) }
        if let to = filter.to { query = query.filter(\.$createdAt < to.addingDays(1).startOfDay) }
        switch filter.awaitingReview {
        case .complaint: query = query.filter(\.$complaint != nil).filter(\.$complaintResolvedAt == nil)
        case .flags: query = query.filter(\.$flagsJSON != nil).filter(\.$flagsReviewedAt == nil)
        case nil: break
        }
        let total = try await query.count()
        let orders = try await query.sort(\.$createdAt, .descending).sort(\.$id).range(offset..<(offset + limit)).all()
        return (orders, total)
    }
}
