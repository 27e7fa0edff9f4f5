import NIOCore
import Vapor
import YanglaoStore

/// Delivers domain events that were recorded but not delivered at once: those of a server
/// that stopped between commit and delivery, of a command-line run, or whose subscriber
/// failed (tried again here every few seconds).
public enum EventScheduler {
    public static func start(_ app: Application, every interval: TimeAmount = .seconds(3)) {
        let loop = app.eventLoopGroup.next()
        loop.scheduleRepeatedAsyncTask(initialDelay: .seconds(1), delay: interval) { _ in
            loop.makeFutureWithTask { _ = await app.eventBus.deliverPending(on: app.db) }
        }
    }
}
