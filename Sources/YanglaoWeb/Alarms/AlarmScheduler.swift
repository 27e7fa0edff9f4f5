import Vapor
import YanglaoCore
import YanglaoStore

/// Escalates alarms left unacknowledged past the configured time, every 5 seconds on a serving node.
public enum AlarmScheduler {
    public static func start(_ app: Application) {
        let escalation = AlarmEscalation(acknowledgeWithin: app.yanglaoConfig.alarmAcknowledgeSeconds)
        let loop = app.eventLoopGroup.next()
        loop.scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: .seconds(5)) { _ in
            loop.makeFutureWithTask {
                do {
                    let moved = try await AlarmService.escalate(now: Date(), escalation: escalation, on: app.db)
                    guard !moved.isEmpty else { return }
                    app.logger.notice("alarms: \(moved.count) overdue alarms escalated")
                    let names = try await AlarmService.personNames(of: moved, on: app.db)
                    for alarm in moved { await app.alarmHub.publish(AlarmRow(alarm, personName: alarm.elderID.flatMap { names[$0] } ?? "")) }
                } catch { app.logger.report(error: error) }
            }
        }
    }
}
