import Vapor
import YanglaoCore
import YanglaoStore

/// Re-offers lapsed offers and expires stale orders on a serving node, every 30 seconds;
/// samples last week's completed orders for follow-up calls, every hour.
public enum OrderScheduler {
    public static func start(_ app: Application) {
        let actor = Actor(userID: nil, username: "scheduler", role: .systemAdmin, region: nil, address: "local")
        app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(10), delay: .seconds(30)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                let orders = OrderService(elders: ElderService(database: app.db, actor: actor, protection: app.dataProtection),
                                          indexCache: app.dispatchCache)
                do {
                    let report = try await orders.sweep()
                    if report.reoffered + report.expired + report.resumed > 0 {
                        app.logger.info("orders: \(report.reoffered) offers re-dispatched, \(report.expired) expired, \(report.resumed) interrupted dispatches resumed")
                    }
                } catch { app.logger.report(error: error) }
            }
        }
        // 回访: last week's sample, once an hour (a week already sampled adds nothing).
        app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(60), delay: .hours(1)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                let orders = OrderService(elders: ElderService(database: app.db, actor: actor, protection: app.dataProtection))
                do {
                    let added = try await orders.sampleFollowUps(weekOf: CalendarDate.today().monday.addingDays(-7))
                    if added > 0 { app.logger.info("orders: \(added) follow-up calls sampled for last week") }
                } catch { app.logger.report(error: error) }
            }
        }
    }
}
