import Vapor
import YanglaoCore
import YanglaoStore

/// Runs the daily discovery (people turning 80, 90, 100) on a serving node: checked every
/// hour, done once a day (the last run date is in the database, so several nodes agree).
public enum DiscoveryScheduler {
    public static func start(_ app: Application) {
        let actor = Actor(userID: nil, username: "scheduler", role: .systemAdmin, region: nil, address: "local")
        app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(30), delay: .hours(1)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                let service = DiscoveryService(elders: ElderService(database: app.db, actor: actor, protection: app.dataProtection, events: app.eventBus))
                do {
                    let run = try await service.runDaily()
                    if run.raised > 0 { app.logger.notice("discovery: \(run.raised) work items for ages 80/90/100 since \(run.since)") }
                } catch {
                    app.logger.report(error: error)
                }
            }
        }
    }
}
