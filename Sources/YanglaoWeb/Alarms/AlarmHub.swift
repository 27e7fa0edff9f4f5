import Fluent
import Foundation
import Vapor
import YanglaoCore
import YanglaoStore

/// One line of the alarm board, as the page renders it and as the live stream sends it.
struct AlarmRow: Content {
    let id: String
    let type: String
    let typeName: String
    let priority: Int
    let priorityName: String
    let status: String
    let statusName: String
    let personName: String
    let address: String
    let regionCode: String
    let detail: String
    /// ISO 8601, for the page's timers.
    let raisedAt: String
    let raisedClock: String
    let overdue: Bool
    let escalatedTo: String
    let acknowledgedBy: String

    /// `actors` names the accounts (`ActorLabel.names`) so that the board shows who acknowledged by name.
    init(_ a: AlarmModel, personName: String, actors: [String: String] = [:]) {
        id = a.id!.uuidString
        type = a.type
        typeName = a.typeValue.chineseName
        priority = a.priority
        priorityName = AlarmPriority(rawValue: a.priority)?.chineseName ?? ""
        status = a.status
        statusName = a.statusValue.chineseName
        self.personName = personName
        address = a.address
        regionCode = a.regionCode
        detail = a.detail
        raisedAt = a.raisedAt.formatted(.iso8601)
        raisedClock = AlarmTime.clock(a.raisedAt)
        overdue = a.overdue
        escalatedTo = a.escalatedTo ?? ""
        acknowledgedBy = a.acknowledgedBy.map { actors[$0] ?? $0 } ?? ""
    }
}

/// The live alarm board's push: every change to an alarm goes to the board clients whose
/// region contains it, as a server-sent event (`LiveHub`).
typealias AlarmHub = LiveHub<AlarmRow>

extension LiveHub where Message == AlarmRow {
    /// A stream of JSON rows for a board scoped to `scope` (nil: everything).
    func subscribe(scope: RegionCode?, buffer: Int = 500) -> AsyncStream<String> {
        subscribe(buffer: buffer) { row in
            guard let region = try? RegionCode(row.regionCode) else { return false }
            return scope?.contains(region) ?? true
        }
    }
}

extension Application {
    private struct AlarmHubKey: StorageKey { typealias Value = AlarmHub }
    /// The live boards' push (one per server, set up by `configure`).
    var alarmHub: AlarmHub {
        get { storage[AlarmHubKey.self]! }
        set { storage[AlarmHubKey.self] = newValue }
    }
}

/// The alarm service's sink on a serving node: a new alarm kicks the guardians' notification
/// outbox, and every new or changed alarm goes to the live boards of every server (through
/// the board bus) with its person's name.
struct LiveAlarmBoard: AlarmBoardSink {
    let app: Application

    func raised(_ alarm: AlarmModel, personName: String) async {
        let outbox = app.notificationOutbox
        Task { await outbox.kick() }
        await app.alarmBoardBus.publish(AlarmRow(alarm, personName: personName), on: app.db, logger: app.logger)
    }

    func changed(_ alarms: [AlarmModel]) async {
        let names = (try? await AlarmService.personNames(of: alarms, on: app.db)) ?? [:]
        let actors = (try? await ActorLabel.names(alarms.compactMap(\.acknowledgedBy), on: app.db)) ?? [:]
        for alarm in alarms {
            let row = AlarmRow(alarm, personName: alarm.elderID.flatMap { names[$0] } ?? "", actors: actors)
            await app.alarmBoardBus.publish(row, on: app.db, logger: app.logger)
        }
    }
}
