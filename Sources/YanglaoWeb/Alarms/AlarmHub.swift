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

    init(_ a: AlarmModel, personName: String) {
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
        acknowledgedBy = a.acknowledgedBy ?? ""
    }
}

/// The live alarm board's push: every change to an alarm on this server goes to the board
/// clients whose region contains it, as a server-sent event. A client that reconnects reloads
/// the board, so nothing shown depends on an event having arrived; a client that falls more
/// than `buffer` rows behind has its stream ended, so it reconnects instead of missing a row.
actor AlarmHub {
    private var subscribers: [UUID: (scope: RegionCode?, continuation: AsyncStream<String>.Continuation)] = [:]

    /// A stream of JSON rows for a board scoped to `scope` (nil: everything), with a comment every 15 s that keeps it open.
    func subscribe(scope: RegionCode?, buffer: Int = 500) -> AsyncStream<String> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(buffer))
        subscribers[id] = (scope, continuation)
        let keepAlive = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                continuation.yield("")
            }
        }
        continuation.onTermination = { _ in
            keepAlive.cancel()
            Task { await self.remove(id) }
        }
        return stream
    }

    private func remove(_ id: UUID) { subscribers[id] = nil }

    var count: Int { subscribers.count }

    func publish(_ row: AlarmRow) {
        guard let data = try? JSONEncoder().encode(row) else { return }
        publish(row, encoded: String(decoding: data, as: UTF8.self))
    }

    /// A row already encoded as JSON (as it arrives from another server).
    func publish(_ row: AlarmRow, encoded text: String) {
        guard let region = try? RegionCode(row.regionCode) else { return }
        for (_, s) in subscribers where s.scope?.contains(region) ?? true {
            // A client too far behind loses its stream rather than a row: it reconnects and reads the board afresh.
            if case .dropped = s.continuation.yield(text) { s.continuation.finish() }
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
        for alarm in alarms {
            await app.alarmBoardBus.publish(AlarmRow(alarm, personName: alarm.elderID.flatMap { names[$0] } ?? ""), on: app.db, logger: app.logger)
        }
    }
}
