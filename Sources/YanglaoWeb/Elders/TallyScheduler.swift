import Vapor
import YanglaoCore
import YanglaoStore

/// Keeps the village tallies behind the register statistics current on a serving node:
/// soon after start, then every five minutes (a new day or a bulk import recounts every
/// village, which takes seconds on a city; this way no reader waits for it).
public enum TallyScheduler {
    public static func start(_ app: Application) {
        let actor = Actor(userID: nil, username: "scheduler", role: .systemAdmin, region: nil, address: "local")
        app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: .minutes(5)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                let service = ElderService(database: app.db, actor: actor, protection: app.dataProtection, readCache: app.registerReadCache)
                do { try await service.refreshTallies() } catch { app.logger.report(error: error) }
            }
        }
    }
}
