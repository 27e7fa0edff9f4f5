import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// Alarms and device events written by group commit (see `GroupCommit`): at intake rates a
/// transaction per event is what limits the server.
public typealias AlarmWriter = GroupCommit<AlarmRows.New>

extension GroupCommit where Item == AlarmRows.New {
    /// At most 256 events per transaction (17 bound values per alarm, well under SQLite's limit).
    public init(maxBatch: Int = 256, database: (any Database)? = nil) {
        self.init(maxBatch: maxBatch, database: database) { batch, db in try await AlarmRows.write(batch, on: db) }
    }
}

/// What one event or hotline call writes: a new alarm with its raise step and its guardians'
/// notifications, and the time its device was last heard from.
public enum AlarmRows {
    public struct New: Sendable {
        let alarm: AlarmModel?
        /// Who raised it (the device, or the operator's username), for the raise step.
        let raisedBy: String
        /// For the guardians' message.
        let personName: String
        let heard: Heard?
    }

    public struct Heard: Sendable {
        let device: UUID
        let at: Date
    }

    /// Writes the batch in the caller's transaction: one statement per table.
    static func write(_ batch: [New], on db: any Database) async throws {
        try await touch(batch.compactMap(\.heard), on: db)
        let raised = batch.compactMap { new in new.alarm.map { (alarm: $0, new: new) } }
        guard !raised.isEmpty else { return }
        try await BulkInsert.run(db, into: AlarmModel.schema, columns: alarmColumns, rows: raised.map { row(of: $0.alarm) })
        try await BulkInsert.run(
            db, into: AlarmStepModel.schema, columns: ["id", "alarm_id", "kind", "actor", "at", "detail"],
            rows: raised.map {
                [
                    .uuid(UUID()), .uuid($0.alarm.id!), .text("raise"), .text($0.new.raisedBy), .date($0.alarm.receivedAt),
                    .text(String($0.alarm.detail.prefix(500))),
                ]
            })
        try await AlarmNotifications.enqueue(for: raised.map { ($0.alarm, $0.new.personName) }, on: db)
        for (alarm, _) in raised { alarm.$id.exists = true }
    }

    /// Sets each device's last-heard time, all in one statement. The time only moves forward:
    /// a device heard twice keeps the later time, whichever batch commits first.
    static func touch(_ heard: [Heard], on db: any Database) async throws {
        var latest: [UUID: Date] = [:]
        for h in heard { latest[h.device] = max(latest[h.device] ?? h.at, h.at) }
        guard !latest.isEmpty else { return }
        let heardAt =
            "CASE \(ident: "id") " + latest.map { device, at in SQLQueryString("WHEN \(bind: device) THEN \(bind: at)") }.joined(separator: " ")
            + " END"
        let statement: SQLQueryString =
            "UPDATE \(ident: DeviceModel.schema) SET \(ident: "last_seen_at") = " + heardAt
            + " WHERE \(ident: "id") IN (\(binds: latest.keys.map { $0 as any Encodable & Sendable }))"
            + " AND (\(ident: "last_seen_at") IS NULL OR \(ident: "last_seen_at") < " + heardAt + ")"
        try await db.sqlDatabase().raw(statement).run()
    }

    static let alarmColumns = [
        "id", "elder_id", "device_id", "event_id", "region_code", "type", "priority", "status", "source", "raised_at",
        "received_at", "address", "latitude", "longitude", "detail", "attributes", "overdue",
    ]

    static func row(of a: AlarmModel) -> [BulkCell] {
        [
            .uuid(a.id!), a.elderID.map(BulkCell.uuid) ?? .null, a.deviceID.map(BulkCell.uuid) ?? .null, BulkCell(a.eventID), .text(a.regionCode),
            .text(a.type), .int(a.priority), .text(a.status), .text(a.source), .date(a.raisedAt), .date(a.receivedAt), .text(a.address),
            BulkCell(a.latitude), BulkCell(a.longitude), .text(a.detail), .text(a.attributesJSON), .bool(a.overdue),
        ]
    }
}
