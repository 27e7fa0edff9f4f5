import Vapor
import YanglaoCore
import YanglaoStore

/// Re-offers lapsed offers and expires stale orders on a serving node, every 30 seconds.
public enum OrderScheduler {
    public static func start(_ app: Application) {
        let actor = Actor(userID: nil, username: "scheduler", role: .systemAdmin, region: nil, address: "local")
        app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(10), delay: .seconds(30)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                let orders = OrderService(elders: ElderService(database: app.db, actor: actor, protection: app.dataProtection))
                do {
                    let report = try await orders.sweep()
                    if report.reoffered + report.expired + report.resumed > 0 {
                        app.logger.info("orders: \(report.reoffered) offers re-dispatched, \(report.expired) expired, \(report.resumed) interrupted dispatches resumed")
                    }
                } catch { app.logger.report(error: error) }
            }
        }
    }
}
