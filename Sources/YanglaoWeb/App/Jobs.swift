import NIOCore
import Vapor
import YanglaoCore
import YanglaoStore

/// A periodic piece of background work on a serving node. A failure is logged and the job
/// runs again at its next time; work that must happen once across several nodes keeps its
/// own state in the database (see the discovery's last run date).
struct Job: Sendable {
    let name: String
    /// Wait after start, so a starting server first answers requests.
    let firstAfter: TimeAmount
    let every: TimeAmount
    let run: @Sendable (Application) async throws -> Void

    init(_ name: String, firstAfter: TimeAmount, every: TimeAmount, run: @escaping @Sendable (Application) async throws -> Void) {
        self.name = name
        self.firstAfter = firstAfter
        self.every = every
        self.run = run
    }

    /// The account background work acts as: the whole platform, no person behind it.
    static let actor = Actor(userID: nil, username: "scheduler", role: .systemAdmin, region: nil, address: "local")
}

/// The one loop every job runs on: the next run is scheduled when the last one ends, so a
/// slow run never overlaps itself.
enum JobRunner {
    static func start(_ job: Job, on app: Application) {
        let loop = app.eventLoopGroup.next()
        loop.scheduleRepeatedAsyncTask(initialDelay: job.firstAfter, delay: job.every) { _ in
            loop.makeFutureWithTask {
                do { try await job.run(app) } catch {
                    app.logger.error("job \(job.name) failed: \(String(reflecting: error))")
                }
            }
        }
    }
}

extension EventBus {
    /// Delivers the events recorded but not delivered at once: those of a server that stopped
    /// between commit and delivery, of a command-line run, or whose subscriber failed.
    static var deliveryJob: Job {
        Job("events", firstAfter: .seconds(1), every: .seconds(3)) { app in _ = await app.eventBus.deliverPending(on: app.db) }
    }
}
