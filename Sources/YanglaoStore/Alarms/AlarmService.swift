import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 报警: intake from devices and the hotline (a retry of a device's event finds its alarm),
/// the board's list, and handling — 接警 with one winner, actions, 结案 with an outcome —
/// each step kept with who and when. Overdue alarms are escalated by `escalate(now:)`.
public struct AlarmService: Sendable {
    public let context: StoreContext
    /// The register, read as this context's actor.
    var register: ElderService { ElderService(context) }
    public let escalation: AlarmEscalation
    var db: any Database { context.scoped.database }
    var actor: Actor { context.actor }

    public init(_ context: StoreContext, escalation: AlarmEscalation = AlarmEscalation()) {
        self.context = context
        self.escalation = escalation
    }

    /// An alarm raised (or found again) by intake.
    public struct Raised: Sendable {
        public let alarm: AlarmModel?
        /// True when the event was sent before: `alarm` is the one it raised then.
        public let replayed: Bool
        /// Why no alarm was raised (a heartbeat, a reading inside the thresholds).
        public let note: String?
        /// The name of the device's person, for the board.
        public let personName: String
    }

    // MARK: Intake

    /// A device's event: every event from the device counts as a heartbeat (`heard`; the
    /// platform's own offline check is not one); an alarm type raises an alarm, a reading only
    /// when outside the person's thresholds. Stored, with the time heard, in one write before
    /// this returns — through the node's group commit when there is one — and then told to the
    /// node's boards.
    public static func intake(
        _ event: DeviceEvent, from device: IntakeDevice, source: String = "device", heard: Bool = true,
        now: Date = Date(), node: NodeState = NodeState(), on db: any Database
    ) async throws -> Raised {
        let writer = node.alarmWriter
        let problems = event.problems(now: now)
        guard problems.isEmpty else { throw AppError(invalid: problems) }
        let heardNow = heard ? AlarmRows.Heard(device: device.id, at: now) : nil
        let raisedBy = "device:\(device.serial)"
        let type: AlarmType
        var detail = ""
        if event.isHeartbeat || event.isReading {
            let breaches = event.isReading ? device.thresholds.breaches(event) : []
            guard !breaches.isEmpty else {
                try await write(AlarmRows.New(alarm: nil, raisedBy: raisedBy, personName: device.personName, heard: heardNow), writer: writer, on: db)
                return Raised(alarm: nil, replayed: false, note: event.isHeartbeat ? "heartbeat" : "reading_in_range", personName: device.personName)
            }
            type = .reading
            detail = breaches.joined(separator: "；")
        } else {
            type = AlarmType(code: event.type)
        }
        // An alarm without a position still counts: the registered address stands in.
        let alarm = AlarmModel(
            open: type, elderID: device.elderID, region: device.regionCode, source: source, raisedAt: min(event.at ?? now, now),
            receivedAt: now, address: device.address, latitude: event.position?.latitude ?? device.latitude,
            longitude: event.position?.longitude ?? device.longitude,
            detail: detail.isEmpty ? "\(DeviceType(rawValue: device.type)?.chineseName ?? device.type) \(device.serial)：\(type.chineseName)" : detail)
        alarm.id = UUID()
        alarm.deviceID = device.id
        alarm.eventID = event.eventId
        var attributes = event.attributes ?? [:]
        if event.position == nil { attributes["position"] = "registered_address" }
        alarm.attributesJSON = JSONColumn.encode(attributes)
        do {
            try await write(AlarmRows.New(alarm: alarm, raisedBy: raisedBy, personName: device.personName, heard: heardNow), writer: writer, on: db)
        } catch {
            guard (error as? any DatabaseError)?.isConstraintFailure == true,
                let earlier = try await AlarmModel.query(on: db).filter(\.$deviceID == device.id).filter(\.$eventID == event.eventId).first()
            else { throw error }
            // A retry is a sign of life too.
            if let heardNow {
                try await write(AlarmRows.New(alarm: nil, raisedBy: raisedBy, personName: "", heard: heardNow), writer: writer, on: db)
            }
            return Raised(alarm: earlier, replayed: true, note: nil, personName: device.personName)
        }
        await node.alarmBoard?.raised(alarm, personName: device.personName)
        return Raised(alarm: alarm, replayed: false, note: nil, personName: device.personName)
    }

    /// Intake for a device read as a model (tests, tools): reads what intake needs first.
    public static func intake(_ event: DeviceEvent, from model: DeviceModel, now: Date = Date(), on db: any Database) async throws -> Raised {
        guard let device = try await IntakeDevice.named(model.serial, on: db) else {
            throw AppError(.notFound, "device_not_found", ["serial": model.serial])
        }
        return try await intake(event, from: device, now: now, on: db)
    }

    /// Writes what an event or call leaves, through the group commit or in a transaction of its own.
    static func write(_ new: AlarmRows.New, writer: AlarmWriter?, on db: any Database) async throws {
        if let writer { return try await writer.submit(new, on: db) }
        try await db.transaction { db in try await AlarmRows.write([new], on: db) }
    }

    /// 热线人工报警: an operator raises an alarm for a caller (a person of their region).
    public func raise(for elderID: UUID, type: AlarmType = .manual, detail: String, now: Date = Date()) async throws -> AlarmModel {
        guard actor.role.canHandleAlarms else { throw AppError(.forbidden, "alarm_forbidden") }
        let text = detail.trimmingCharacters(in: .whitespacesAndNewlines)
        guard AlarmType.raisedByHand.contains(type) else {
            throw AppError(.invalidInput, "alarm_type_not_by_hand", field: "type", ["value": type.code])
        }
        guard (1...500).contains(text.count) else { throw AppError(.invalidInput, "alarm_detail_required", field: "detail") }
        let person = try await register.model(elderID)
        guard person.statusValue == .active else {
            throw AppError(.conflict, "alarm_person_not_in_register", field: "elderId", ["status": person.statusValue.chineseName])
        }
        let alarm = AlarmModel(
            open: type, elderID: elderID, region: person.regionCode, source: "hotline", raisedAt: now, receivedAt: now,
            address: person.address, latitude: person.latitude, longitude: person.longitude, detail: text)
        alarm.id = UUID()
        try await Self.write(AlarmRows.New(alarm: alarm, raisedBy: actor.username, personName: person.name, heard: nil), writer: nil, on: db)
        await context.node.alarmBoard?.raised(alarm, personName: person.name)
        return alarm
    }

    // MARK: The board

    /// The region's alarms: open ones first (overdue, then by priority, oldest first), then the latest handled.
    public func board(status: AlarmStatus? = nil, limit: Int = 100) async throws -> [AlarmModel] {
        try await boardQuery(status: status).limit(min(max(limit, 1), 500)).all()
    }

    /// One page of the board, with how many alarms it holds.
    public func board(status: AlarmStatus? = nil, page: ListPage) async throws -> (items: [AlarmModel], total: Int) {
        let query = try boardQuery(status: status)
        return try await query.page(page)
    }

    func boardQuery(status: AlarmStatus?) throws -> QueryBuilder<AlarmModel> {
        guard actor.role.canHandleAlarms else { throw AppError(.forbidden, "alarm_forbidden") }
        var query = try context.scoped.query(AlarmModel.self)
        if let status {
            query = query.filter(\.$status == status.rawValue)
        } else {
            query = query.filter(\.$status != AlarmStatus.closed.rawValue)
        }
        return query.sort(\.$overdue, .descending).sort(\.$priority, .descending).sort(\.$raisedAt).sort(\.$id)
    }

    /// One alarm of the actor's region, or not found.
    public func alarm(_ id: UUID) async throws -> AlarmModel {
        guard actor.role.canHandleAlarms else { throw AppError(.forbidden, "alarm_forbidden") }
        guard let alarm = try await context.scoped.find(AlarmModel.self, id: id) else { throw AppError(.notFound, "alarm_not_found") }
        return alarm
    }

    public func steps(_ id: UUID) async throws -> [AlarmStepModel] {
        try await steps(of: try await alarm(id))
    }

    /// The steps of an alarm the caller has already read through this service (so it is in the region).
    public func steps(of alarm: AlarmModel) async throws -> [AlarmStepModel] {
        try await AlarmStepModel.query(on: db).filter(\.$alarmID == alarm.id!).sort(\.$at).all()
    }

    // MARK: Handling

    /// 接警. Of two operators acknowledging at once, one wins; the other is told who did, and when.
    public func acknowledge(_ id: UUID, now: Date = Date()) async throws -> AlarmModel {
        let alarm = try await alarm(id)
        let acknowledged = try Self.require(.acknowledge, on: alarm)
        let actor = actor
        let won = try await db.transaction { db in
            let rows = try await db.sqlDatabase().update(AlarmModel.schema)
                .set("status", to: SQLBind(acknowledged.rawValue)).set("acknowledged_by", to: SQLBind(actor.username))
                .set("acknowledged_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(AlarmStatus.open.rawValue))
                .returning("id").all()
            guard !rows.isEmpty else { return false }
            try await Self.step(alarm, "acknowledge", actor: actor.username, at: now, detail: "", on: db)
            return true
        }
        let current = try await self.alarm(id)
        guard won else { throw Self.alreadyTaken(current) }
        await context.node.alarmBoard?.changed([current])
        return current
    }

    /// The status `event` moves the alarm to (`AlarmLifecycle`), or a conflict that says why
    /// not: not yet acknowledged, acknowledged by whom and when, or closed by whom.
    @discardableResult
    static func require(_ event: AlarmEvent, on alarm: AlarmModel) throws -> AlarmStatus {
        if let next = AlarmLifecycle.table.next(after: event, from: alarm.statusValue) { return next }
        if alarm.statusValue == .open { throw AppError(.conflict, "alarm_not_acknowledged") }
        throw alreadyTaken(alarm)
    }

    static func alreadyTaken(_ alarm: AlarmModel) -> AppError {
        if alarm.statusValue == .closed { return AppError(.conflict, "alarm_closed", ["by": alarm.closedBy ?? ""]) }
        let at = alarm.acknowledgedAt.map { AlarmTime.clock($0) } ?? ""
        return AppError(.conflict, "alarm_already_acknowledged", ["by": alarm.acknowledgedBy ?? "", "at": at])
    }

    /// 处置: one action on an acknowledged alarm. Sending a worker places an urgent 助急 order
    /// for the person at the node's order desk (`UrgentOrderDesk`), once per alarm.
    public func act(_ id: UUID, _ action: AlarmAction, detail: String, now: Date = Date()) async throws -> AlarmModel {
        let alarm = try await alarm(id)
        try Self.require(.act, on: alarm)
        let text = String(detail.trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
        if action == .note && text.isEmpty { throw AppError(.invalidInput, "alarm_detail_required", field: "detail") }
        var stepText = text
        if action == .dispatchedWorker, let desk = context.node.urgentOrders, let elderID = alarm.elderID, alarm.orderID == nil {
            let placed = try await desk.placeUrgentOrder(
                UrgentOrderRequest(
                    elderID: elderID, note: "报警 \(alarm.typeValue.chineseName)：\(alarm.detail)", idempotencyKey: "alarm-\(id.uuidString)", now: now),
                in: context)
            alarm.orderID = placed.orderID
            stepText = [text, placed.summary].filter { !$0.isEmpty }.joined(separator: "；")
        }
        let (actor, written) = (actor, stepText)
        try await db.transaction { db in
            if alarm.hasChanges { try await alarm.update(on: db) }
            try await Self.step(alarm, "action:\(action.rawValue)", actor: actor.username, at: now, detail: written, on: db)
        }
        await context.node.alarmBoard?.changed([alarm])
        return alarm
    }

    /// 结案 with an outcome and notes.
    public func close(_ id: UUID, outcome: AlarmOutcome, notes: String, now: Date = Date()) async throws -> AlarmModel {
        let alarm = try await alarm(id)
        let closed = try Self.require(.close, on: alarm)
        alarm.status = closed.rawValue
        alarm.outcome = outcome.rawValue
        alarm.notes = String(notes.trimmingCharacters(in: .whitespacesAndNewlines).prefix(2000))
        alarm.closedBy = actor.username
        alarm.closedAt = now
        let actor = actor
        try await db.transaction { db in
            try await alarm.update(on: db)
            try await Self.step(alarm, "close", actor: actor.username, at: now, detail: outcome.chineseName, on: db)
        }
        await context.node.alarmBoard?.changed([alarm])
        return alarm
    }

    // MARK: Escalation

    /// Marks alarms left unacknowledged past the limit overdue and pushes each one level up
    /// (again after each further limit, up to the city). Returns those that moved.
    public static func escalate(now: Date, escalation: AlarmEscalation, node: NodeState = NodeState(), on db: any Database) async throws
        -> [AlarmModel]
    {
        let due = now.addingTimeInterval(-escalation.acknowledgeWithin)
        // An overdue alarm already at the city (or province) has nowhere higher to go: it stays
        // flagged on the boards and is not read again every sweep.
        let open = try await AlarmModel.query(on: db).filter(\.$status == AlarmStatus.open.rawValue).filter(\.$raisedAt <= due)
            .group(.or) { $0.filter(\.$escalatedAt == nil).filter(\.$escalatedAt <= due) }
            .group(.or) { $0.filter(\.$overdue == false).filter(\.$escalatedTo == nil).filter(\.$escalatedTo !~= "00000000") }
            .sort(\.$raisedAt).limit(1_000).all()
        var moved: [AlarmModel] = []
        for alarm in open where AlarmLifecycle.table.allows(.escalate, from: alarm.statusValue) {
            let next = AlarmEscalation.nextLevel(of: alarm.region, current: alarm.escalatedTo.flatMap { try? RegionCode($0) })
            if next == nil && alarm.overdue { continue }
            alarm.overdue = true
            alarm.escalatedAt = now
            if let next { alarm.escalatedTo = next.value }
            try await db.transaction { db in
                try await alarm.update(on: db)
                let waited = Int(now.timeIntervalSince(alarm.raisedAt))
                try await step(
                    alarm, "escalate", actor: "system", at: now,
                    detail: "\(waited) 秒未接警" + (next.map { "，已推送至 \($0.value)" } ?? ""), on: db)
            }
            moved.append(alarm)
        }
        if !moved.isEmpty { await node.alarmBoard?.changed(moved) }
        return moved
    }

    /// 设备离线: a device silent for twice its heartbeat interval raises one low-priority
    /// alarm per silence (the event id names the last time it was heard, so a later check
    /// finds the same alarm). Returns the alarms raised now.
    public static func detectOffline(now: Date, node: NodeState = NodeState(), on db: any Database) async throws -> [AlarmModel] {
        var raised: [AlarmModel] = []
        for device in try await IntakeDevice.watched(now: now, on: db) {
            let heard = device.lastSeenAt ?? device.createdAt ?? now
            guard now.timeIntervalSince(heard) >= 2 * Double(device.heartbeatSeconds) else { continue }
            let event = DeviceEvent(
                eventId: "offline-\(Int(heard.timeIntervalSince1970))", type: AlarmType.deviceOffline.code,
                attributes: ["lastSeenAt": ISO8601DateFormatter().string(from: heard)])
            let result = try await intake(event, from: device, source: "system", heard: false, now: now, node: node, on: db)
            try await IntakeDevice.markReported(device.id, silentSince: heard, on: db)
            if let alarm = result.alarm, !result.replayed { raised.append(alarm) }
        }
        return raised
    }

    /// The names of the people of `alarms`, by id.
    public static func personNames(of alarms: [AlarmModel], on db: any Database) async throws -> [UUID: String] {
        let ids = Array(Set(alarms.compactMap(\.elderID)))
        guard !ids.isEmpty else { return [:] }
        var names: [UUID: String] = [:]
        for e in try await ElderModel.query(on: db).filter(\.$id ~~ ids).field(\.$id).field(\.$name).all() { names[e.id!] = e.name }
        return names
    }

    static func step(_ alarm: AlarmModel, _ kind: String, actor: String, at: Date, detail: String, on db: any Database) async throws {
        let step = AlarmStepModel()
        step.alarmID = alarm.id!
        step.kind = kind
        step.actor = actor
        step.at = at
        step.detail = String(detail.prefix(500))
        try await step.create(on: db)
    }
}

/// Times as the board shows them (China time, 24-hour clock). China keeps UTC+8 all year, so
/// this is arithmetic: a formatter per call cost more than the rest of an alarm's intake.
public enum AlarmTime {
    public static func clock(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + 8 * 3_600
        let ofDay = ((seconds % 86_400) + 86_400) % 86_400
        return String(format: "%02d:%02d:%02d", ofDay / 3_600, ofDay / 60 % 60, ofDay % 60)
    }
}

extension AlarmService {
    /// 报警统计 for the actor's region (or a region inside it) over [from, to).
    public func statistics(from: Date, to: Date, within region: RegionCode? = nil, now: Date = Date()) async throws -> AlarmStatistics {
        guard actor.role.canHandleAlarms || actor.role.isOfficer else { throw AppError(.forbidden, "alarm_forbidden") }
        let scope: any SQLExpression
        do { scope = try context.scoped.sqlPredicate(column: "region_code", table: AlarmModel.schema, within: region) } catch {
            throw AppError(.forbidden, "region_forbidden", field: "region", ["code": region?.value ?? ""])
        }
        struct Row: Decodable {
            let type: String, device_type: String?, raised_at: Date, acknowledged_at: Date?, closed_at: Date?, outcome: String?, overdue: Bool
        }
        let sql = try db.sqlDatabase()
        let rows = try await sql.select()
            .column(SQLColumn("type", table: AlarmModel.schema)).column(SQLColumn("type", table: DeviceModel.schema), as: "device_type")
            .columns(["raised_at", "acknowledged_at", "closed_at", "outcome", "overdue"].map { SQLColumn($0, table: AlarmModel.schema) })
            .from(AlarmModel.schema)
            .join(
                DeviceModel.schema, method: SQLJoinMethod.left, on: SQLColumn("device_id", table: AlarmModel.schema), .equal,
                SQLColumn("id", table: DeviceModel.schema)
            )
            .where(scope)
            .where(SQLColumn("raised_at", table: AlarmModel.schema), .greaterThanOrEqual, SQLBind(from))
            .where(SQLColumn("raised_at", table: AlarmModel.schema), .lessThan, SQLBind(to))
            .all(decoding: Row.self)
        let facts = rows.map {
            AlarmFact(
                type: $0.type, deviceType: $0.device_type, raisedAt: $0.raised_at, acknowledgedAt: $0.acknowledged_at,
                closedAt: $0.closed_at, outcome: $0.outcome, overdue: $0.overdue)
        }
        // Devices silent past two heartbeats right now.
        let deviceScope = try context.scoped.query(DeviceModel.self, within: region)
        let offline = try await deviceScope.filter(\.$active == true).filter(\.$heartbeatSeconds > 0).all()
            .filter { now.timeIntervalSince($0.lastSeenAt ?? $0.createdAt ?? now) >= 2 * Double($0.heartbeatSeconds) }.count
        return AlarmStatistics(facts, offlineDevices: offline)
    }
}
