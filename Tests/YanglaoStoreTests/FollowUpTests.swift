import Fluent
import Foundation
import Testing
import YanglaoCore
import YanglaoTestSupport

@testable import YanglaoStore

extension OrderServiceTests {
    /// The week's completed orders are sampled once; the answers feed the provider's rating;
    /// an answer is taken once, and only inside the caller's region.
    @Test func followUpCallsAreSampledOnceAndTheirStarsCountInTheProvidersRating() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            var completed: [OrderModel] = []
            for _ in 0..<3 { completed.append(try await complete(s)) }
            _ = try await s.orders.rate(completed[0].id!, stars: 2, comment: "")
            let admin = OrderService(app.context(as: try await app.actor("admin")))
            let monday = CalendarDate.today().monday
            await #expect(throws: AppError.self) { try await s.orders.sampleFollowUps(weekOf: monday) }  // not the village's to start
            #expect(try await admin.sampleFollowUps(weekOf: monday) == 1)  // 3 orders: the provider's minimum of one call
            #expect(try await admin.sampleFollowUps(weekOf: monday) == 0)  // the same week again adds nothing
            #expect(try await admin.sampleFollowUps(weekOf: monday.addingDays(-7)) == 0)

            let hotline = OrderService(app.context(as: try await app.actor("hotline")))
            let (calls, total) = try await hotline.pendingFollowUps(offset: 0, limit: 10)
            #expect(total == 1 && calls.count == 1 && completed.map(\.id).contains(calls[0].1.id))
            let call = calls[0].0
            let other = OrderService(
                app.context(as: try await app.actor("village.410902001002")))
            await #expect(throws: AppError.self) { try await other.answerFollowUp(call.id!, reached: true, stars: 5, note: "") }
            await #expect(throws: AppError.self) { try await hotline.answerFollowUp(call.id!, reached: true, stars: 6, note: "") }
            let answered = try await hotline.answerFollowUp(call.id!, reached: true, stars: 5, note: "很满意")
            #expect(answered.status == "answered" && answered.calledBy == "hotline")
            // One order rated 2 and one call of 5: the provider stands at 3.5 over two ratings.
            let provider = try #require(try await ProviderModel.find(call.providerID, on: app.db))
            #expect(provider.rating == 3.5 && provider.ratingCount == 2)
            do {
                _ = try await hotline.answerFollowUp(call.id!, reached: false, stars: nil, note: "")
                Issue.record("answered twice")
            } catch let e as AppError {
                #expect(e.code == "follow_up_answered")
            }
            #expect(try await hotline.pendingFollowUps(offset: 0, limit: 10).total == 0)
        }
    }
}
