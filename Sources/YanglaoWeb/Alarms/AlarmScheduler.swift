import Vapor
import YanglaoCore
import YanglaoStore

/// Every 5 seconds on a serving node: raises 设备离线 for devices silent past their heartbeat,
/// and escalates alarms left unacknowledged past the configured time.
public enum AlarmScheduler {
    public static func start(_ app: Application) {
        let escalation = AlarmEscalation(acknowledgeWithin: app.yanglaoConfig.alarmAcknowledgeSeconds)
        let loop = app.eventLoopGroup.next()
        loop.scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: .seconds(5)) { _ in
            loop.makeFutureWithTask {
                do {
                    let offline = try await AlarmService.detectOffline(now: Date(), on: app.db)
                    if !offline.isEmpty {
                        app.logger.notice("alarms: \(offline.count) devices went silent")
                        await app.publish(offline, on: app.db)
                    }
                    let moved = try await AlarmService.escalate(now: Date(), escalation: escalation, on: app.db)
                    guard !moved.isEmpty else { return }
                    app.logger.notice("alarms: \(moved.count) overdue alarms escalated")
                    await app.publish(moved, on: app.db)
                } catch { app.logger.report(error: error) }
            }
        }
    }
}
