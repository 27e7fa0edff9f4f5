import Fluent
import Foundation
import YanglaoCore

/// What time does to orders: an offer not accepted in time goes to the next worker (超时
/// 改派), and an order nobody started long after the time wanted expires (过期).
extension OrderService {
    public struct SweepReport: Sendable, Equatable {
        public var reoffered = 0
        public var expired = 0
        /// Orders saved but never dispatched (the process stopped in between), dispatched now.
        public var resumed = 0

        public init(reoffered: Int = 0, expired: Int = 0, resumed: Int = 0) {
            self.reoffered = reoffered
            self.expired = expired
            self.resumed = resumed
        }
    }

    /// One pass over the orders of the actor's region as of `now`.
    public func sweep(now: Date = Date()) async throws -> SweepReport {
        var report = SweepReport()
        let lapsedBefore = now.addingTimeInterval(-policy.offerTimeoutSeconds)
        let scope = context.scoped
        for order in try await scope.query(OrderModel.self).filter(\.$status == OrderStatus.dispatched.rawValue)
            .filter(\.$offeredAt < lapsedBefore).all()
        {
            let worker = order.workerID
            let provider = order.providerID
            let what =
                worker == nil ? "服务商超过 \(Int(policy.offerTimeoutSeconds / 60)) 分钟未指派人员，改派" : "超过 \(Int(policy.offerTimeoutSeconds / 60)) 分钟未接单，改派"
            let lapsed = try await move(order, .refuse, detail: what) {
                if let worker {
                    $0.excludedWorkers.insert(worker.uuidString)
                } else if let provider {
                    $0.excludedWorkers.insert(Dispatcher.excludedKey(provider: provider.uuidString))
                }
                $0.workerID = nil
                $0.providerID = nil
            }
            _ = try await dispatch(lapsed)
            report.reoffered += 1
        }
        // An order is dispatched right after it is saved; one still `created` a minute later was interrupted.
        for order in try await scope.query(OrderModel.self).filter(\.$status == OrderStatus.created.rawValue)
            .filter(\.$createdAt < now.addingTimeInterval(-60)).filter(\.$wantedAt >= now.addingTimeInterval(-policy.expiryGraceSeconds)).all()
        {
            _ = try await dispatch(order)
            report.resumed += 1
        }
        let staleBefore = now.addingTimeInterval(-policy.expiryGraceSeconds)
        let waiting = [OrderStatus.created, .dispatched, .refused, .waiting, .accepted].map(\.rawValue)
        for order in try await scope.query(OrderModel.self).filter(\.$status ~~ waiting).filter(\.$wantedAt < staleBefore).all() {
            _ = try await move(order, .expire, detail: "预约时间已过 \(Int(policy.expiryGraceSeconds / 3_600)) 小时仍未开始服务")
            report.expired += 1
        }
        return report
    }
}
