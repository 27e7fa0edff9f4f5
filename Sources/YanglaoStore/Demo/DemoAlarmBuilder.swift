import Fluent
import Foundation
import SQLKit
import YanglaoCore

extension DemoCityBuilder {
    /// Writes the demo's devices (secrets sealed; nobody knows them, so demo devices cannot
    /// post — register one to try intake) and a year of handled alarms with their steps, in bulk.
    public func buildAlarmHistory(
        on db: any Database, protection: DataProtection, now: Date = Date(),
        progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }
    ) async throws {
        let sql = try db.sqlDatabase()
        struct Member: Decodable { let elder_id: UUID }
        let people = try await activePeople(on: sql)
        let disabled = Set(
            try await sql.select().column("elder_id").from(ElderCategoryModel.schema)
                .where("category", .in, [ElderCategory.disabled.rawValue, ElderCategory.severeDisability.rawValue]).all(decoding: Member.self).map(
                    \.elder_id))
        let plan = DemoAlarmPlan(seed: self.plan.seed)
        let devices = plan.devices(
            for: people.map {
                .init(id: $0.id.uuidString, alone: $0.living == LivingSituation.alone.rawValue, disabled: disabled.contains($0.id))
            })
        let alarms = plan.alarms(for: devices, now: now)
        var ids = TimeOrderedIDs()
        var sealer = protection.batchSealer()
        var rng = SeededGenerator(seed: self.plan.seed &+ 77)
        var deviceIDs: [UUID] = []
        let deviceColumns = [
            "id", "serial", "type", "elder_id", "region_code", "address", "latitude", "longitude", "secret_cipher", "heartbeat_seconds",
            "last_seen_at", "thresholds", "active", "registered_by", "created_at",
        ]
        let thresholds = JSONColumn.encode(ReadingThresholds())
        for start in stride(from: 0, to: devices.count, by: 2_000) {
            var rows: [[BulkCell]] = []
            for device in devices[start..<min(start + 2_000, devices.count)] {
                let person = people[device.person]
                let id = ids.next()
                deviceIDs.append(id)
                let secret = (0..<4).map { _ in String(rng.next(), radix: 36) }.joined()
                rows.append([
                    .uuid(id), .text(device.serial), .text(device.type.rawValue), .uuid(person.id), .text(person.region_code), .text(person.address),
                    BulkCell(person.latitude), BulkCell(person.longitude), .text(try sealer.seal(secret)), .int(device.heartbeatSeconds),
                    .date(now.addingTimeInterval(-Double.random(in: 0...Double(device.heartbeatSeconds), using: &rng))), .text(thresholds),
                    .bool(true), .text("demo"), .date(now.addingTimeInterval(-366 * 86_400)),
                ])
            }
            let batch = rows
            try await db.transaction { tx in try await BulkInsert.run(tx, into: DeviceModel.schema, columns: deviceColumns, rows: batch) }
            progress("devices", min(start + 2_000, devices.count), devices.count)
        }
        let alarmColumns = [
            "id", "elder_id", "device_id", "event_id", "region_code", "type", "priority", "status", "source", "raised_at", "received_at",
            "address", "latitude", "longitude", "detail", "attributes", "overdue", "escalated_to", "escalated_at", "acknowledged_by",
            "acknowledged_at", "closed_by", "closed_at", "outcome", "notes",
        ]
        let stepColumns = ["id", "alarm_id", "kind", "actor", "at", "detail"]
        for start in stride(from: 0, to: alarms.count, by: 2_000) {
            var alarmRows: [[BulkCell]] = []
            var stepRows: [[BulkCell]] = []
            for (n, a) in alarms[start..<min(start + 2_000, alarms.count)].enumerated() {
                let device = devices[a.device]
                let person = people[device.person]
                let id = ids.next()
                let region = RegionCode(validated: person.region_code)
                let escalatedTo = a.overdue ? AlarmEscalation.nextLevel(of: region, current: nil)?.value : nil
                let detail = "\(device.type.chineseName) \(device.serial)：\(a.type.chineseName)"
                alarmRows.append([
                    .uuid(id), .uuid(person.id), .uuid(deviceIDs[a.device]), .text("demo-\(start + n)"), .text(person.region_code),
                    .text(a.type.code), .int(a.type.priority.rawValue), .text(AlarmStatus.closed.rawValue), .text("device"), .date(a.raisedAt),
                    .date(a.raisedAt), .text(person.address), BulkCell(person.latitude), BulkCell(person.longitude), .text(detail), .text("{}"),
                    .bool(a.overdue), BulkCell(escalatedTo), a.overdue ? .date(a.raisedAt.addingTimeInterval(60)) : .null, .text("hotline"),
                    .date(a.acknowledgedAt), .text("hotline"), .date(a.closedAt), .text(a.outcome.rawValue), .text("示范数据"),
                ])
                stepRows.append([.uuid(ids.next()), .uuid(id), .text("raise"), .text("device:\(device.serial)"), .date(a.raisedAt), .text(detail)])
                if a.overdue {
                    stepRows.append([
                        .uuid(ids.next()), .uuid(id), .text("escalate"), .text("system"), .date(a.raisedAt.addingTimeInterval(60)),
                        .text("60 秒未接警" + (escalatedTo.map { "，已推送至 \($0)" } ?? "")),
                    ])
                }
                stepRows.append([.uuid(ids.next()), .uuid(id), .text("acknowledge"), .text("hotline"), .date(a.acknowledgedAt), .text("")])
                stepRows.append([
                    .uuid(ids.next()), .uuid(id), .text("action:\(a.action.rawValue)"), .text("hotline"),
                    .date(a.acknowledgedAt.addingTimeInterval(30)), .text(""),
                ])
                stepRows.append([.uuid(ids.next()), .uuid(id), .text("close"), .text("hotline"), .date(a.closedAt), .text(a.outcome.chineseName)])
            }
            let (alarmBatch, stepBatch) = (alarmRows, stepRows)
            try await db.transaction { tx in
                try await BulkInsert.run(tx, into: AlarmModel.schema, columns: alarmColumns, rows: alarmBatch)
                try await BulkInsert.run(tx, into: AlarmStepModel.schema, columns: stepColumns, rows: stepBatch)
            }
            progress("alarms", min(start + 2_000, alarms.count), alarms.count)
        }
    }
}
