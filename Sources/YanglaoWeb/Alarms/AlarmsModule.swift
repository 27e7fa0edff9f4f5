import Fluent
import Vapor
import YanglaoCore
import YanglaoStore

/// Emergency alarms (紧急呼叫): device intake, the live board, acknowledgement and escalation,
/// guardians' notifications, devices and personal thresholds.
struct AlarmsModule: DomainModule {
    let name = "alarms"

    var migrations: [any Migration] { AlarmsSchema.migrations }

    var figureSources: [any FigureSource] { [AlarmFigures()] }

    func configure(_ app: Application) throws {
        app.alarmHub = AlarmHub()
        app.notificationOutbox.register("alarm_notifications") { sender, app in
            _ = try await AlarmNotifications.deliver(sender: sender, protection: app.dataProtection, on: app.db)
        }
        app.storeNode.alarmWriter = AlarmWriter(database: DatabaseSetup.groupCommitDatabase(app, location: app.yanglaoConfig.database))
        app.alarmBoardBus = try AlarmBoardBus(channel: AlarmBoardBus.boardChannel, hub: app.alarmHub, location: app.yanglaoConfig.database)
        app.storeNode.alarmBoard = LiveAlarmBoard(app: app)
        AlarmSubscriptions.register(on: app.eventBus)
    }

    func boot(_ routes: DomainRoutes) throws {
        AlarmsAPI().bootIntake(routes.publicAPI)
        try routes.api.register(collection: AlarmsAPI())
        AlarmStatsRoutes().boot(api: routes.api, pages: routes.pages)
        AlarmPages().boot(routes.pages)
        CareSOSPages().boot(routes.pages)
    }

    func nav(for user: UserModel) -> [NavEntry] {
        user.roleValue.canHandleAlarms ? [NavEntry(80, "/alarms", label: "nav_alarms")] : []
    }

    func jobs(_ app: Application) -> [Job] {
        let escalation = AlarmEscalation(acknowledgeWithin: app.yanglaoConfig.alarmAcknowledgeSeconds)
        return [
            // 设备离线 for devices silent past their heartbeat; alarms left unacknowledged escalate.
            Job("alarms.sweep", firstAfter: .seconds(5), every: .seconds(5)) { app in
                let offline = try await AlarmService.detectOffline(now: Date(), node: app.storeNode, on: app.db)
                if !offline.isEmpty { app.logger.notice("alarms: \(offline.count) devices went silent") }
                let moved = try await AlarmService.escalate(now: Date(), escalation: escalation, node: app.storeNode, on: app.db)
                if !moved.isEmpty { app.logger.notice("alarms: \(moved.count) overdue alarms escalated") }
            }
        ]
    }

    func startServing(_ app: Application) async throws {
        await AlarmBoardListener.start(app)
    }
}
