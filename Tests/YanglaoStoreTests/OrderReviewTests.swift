import Fluent
import Foundation
import Testing
import YanglaoCore
import YanglaoTestSupport

@testable import YanglaoStore

extension OrderServiceTests {
    /// The township closes a complaint and reviews flags once each; the village cannot; the
    /// queues show only what still waits; the money never moves.
    @Test func complaintsAndFlagsAreClosedOnceByTheTownshipAndLeaveTheQueues() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let order = try await complete(s)  // checked out at once: a short service, flagged
            #expect(!order.flags.isEmpty)
            _ = try await s.orders.complain(order.id!, text: "服务时间太短")
            let township = OrderService(
                app.context(as: try await app.actor("township.410902001"), today: People.today))
            let complaints = OrderFilter(awaitingReview: .complaint)
            let flags = OrderFilter(awaitingReview: .flags)
            #expect(try await township.list(complaints, offset: 0, limit: 10).total == 1)
            #expect(try await township.list(flags, offset: 0, limit: 10).total == 1)

            await #expect(throws: AppError.self) { try await s.orders.resolveComplaint(order.id!, outcome: "已处理") }  // the village
            await #expect(throws: AppError.self) { try await township.resolveComplaint(order.id!, outcome: "  ") }
            await #expect(throws: AppError.self) { try await township.reviewFlags(order.id!, verdict: .confirmed, note: "") }
            let money = (order.voucherFen, order.selfFen, order.priceFen)

            let resolved = try await township.resolveComplaint(order.id!, outcome: "已约谈服务商，补足服务时长")
            #expect(resolved.complaintResolvedBy == "township.410902001" && resolved.statusValue == .complained)
            let reviewed = try await township.reviewFlags(order.id!, verdict: .confirmed, note: "签到即签退，核实属实")
            #expect(reviewed.flagsVerdict == "confirmed")
            do {
                _ = try await township.resolveComplaint(order.id!, outcome: "再办一次")
                Issue.record("closed twice")
            } catch let e as AppError {
                #expect(e.code == "order_review_closed")
            }
            #expect(try await township.list(complaints, offset: 0, limit: 10).total == 0)
            #expect(try await township.list(flags, offset: 0, limit: 10).total == 0)
            let stored = try #require(try await OrderModel.find(order.id, on: app.db))
            #expect((stored.voucherFen, stored.selfFen, stored.priceFen) == money)
            #expect(try await township.timeline(order.id!).filter { $0.event == "review" }.count == 2)
        }
    }
}
