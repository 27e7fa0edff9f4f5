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
                        let names = try await AlarmService.personNames(of: offline, on: app.db)
                        for alarm in offline { await app.alarmHub.publish(AlarmRow(alarm, personName: alarm.elderID.flatMap { names[$0] } ?? "")) }
                    }
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
